// Classifier throughput on one core: the shipped model classifying the seed corpus over and over for
// about three seconds, against a baseline measured in the same run over the same texts (a trivial pass:
// reading every UTF-8 byte and counting the spaces). Measured twice: on the corpus texts as they are
// (short, LINE-style) and on texts of four corpus lines joined (letter-length, about 250 characters).
//
//     swift run -c release ClassifierBench
import Foundation
import SiangCore

let taxonomy = try SiangConfiguration.defaults().taxonomy
let clock = ContinuousClock()
let trainingStart = clock.now
let classifier = try TextClassifier.shipped(taxonomy: taxonomy)
let trainingTime = trainingStart.duration(to: clock.now)

let corpus = try SeedCorpus.load().map(\.text)
let joined = stride(from: 0, to: corpus.count - 3, by: 4).map { corpus[$0..<($0 + 4)].joined(separator: " ") }
print("trained the shipped model on \(corpus.count) texts in \(trainingTime)")

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// The CPU time this thread has used, in seconds. On a shared machine the wall clock counts the
/// time other programs had the core; the thread's CPU time counts only the time the work had it.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Runs `body` over `texts` again and again until `duration` seconds have passed; returns texts per
/// second of wall time and of the thread's CPU time, and a checksum that keeps the optimiser from
/// dropping the work.
func throughput(_ texts: [String], for duration: Double, _ body: (String) -> Int) -> (rate: Double, cpuRate: Double, checksum: Int) {
    let start = clock.now
    let cpuStart = threadCPUSeconds()
    var done = 0
    var checksum = 0
    while true {
        for text in texts { checksum &+= body(text) }
        done += texts.count
        let elapsed = seconds(start.duration(to: clock.now))
        if elapsed >= duration { return (Double(done) / elapsed, Double(done) / (threadCPUSeconds() - cpuStart), checksum) }
    }
}

func baselinePass(_ text: String) -> Int {
    var spaces = 0
    for byte in text.utf8 where byte == 0x20 { spaces += 1 }
    return spaces &+ text.utf8.count
}

func classifyPass(_ text: String) -> Int {
    let result = classifier.classify(subject: nil, text: text)
    return result.category.utf8.count &+ Int(result.confidence * 1_000)
}

func report(_ name: String, _ texts: [String]) -> Double {
    let characters = texts.reduce(0) { $0 + $1.unicodeScalars.count } / texts.count
    _ = throughput(texts, for: 0.3, classifyPass)  // warm up
    let baseline = throughput(texts, for: 3, baselinePass)
    let classified = throughput(texts, for: 3, classifyPass)
    print("""
    \(name): \(texts.count) texts, \(characters) characters (Unicode scalars) on average
      baseline (read the UTF-8 bytes): \(Int(baseline.rate)) texts/s, \(Int(baseline.cpuRate)) per CPU second   [checksum \(baseline.checksum)]
      classify:                        \(Int(classified.rate)) texts/s, \(Int(classified.cpuRate)) per CPU second   [checksum \(classified.checksum)]
      ratio classify/baseline:         \(String(format: "%.4f", classified.rate / baseline.rate)) \
    (\(String(format: "%.1f", baseline.rate / classified.rate))x the cost of reading the bytes)
    """)
    return classified.cpuRate
}

let short = report("corpus texts", corpus)
let long = report("joined texts", joined)
let target = 20_000.0
// Per core: texts per second of the core's time (CPU time), so that other programs on the machine
// do not count against the classifier; the wall-clock figures above show how far they did.
print("target >= \(Int(target)) texts/s per core (per CPU second): \(min(short, long) >= target ? "met" : "NOT met")")
