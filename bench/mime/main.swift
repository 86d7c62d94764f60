// MIME parsing benchmark (target MIMEBench). Parses every .eml file of a corpus over and over for
// about three seconds and prints messages per second, next to a baseline measured in the same run:
// a trivial pass over the same bytes (counting CRLFs), so the ratio says how much work parsing adds
// whatever machine it runs on.
//
//     swift run -c release MIMEBench [corpus directory] [--seconds N]
//
// The corpus defaults to Tests/EmailTests/Fixtures (run from the package root). Target from
// DESIGN.md 6: at least 5,000 messages/s.

import Email
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 3.0
if let flag = arguments.firstIndex(of: "--seconds"), flag + 1 < arguments.count, let value = Double(arguments[flag + 1]) {
    seconds = value
    arguments.removeSubrange(flag...(flag + 1))
}
let directory = arguments.first ?? "Tests/EmailTests/Fixtures"

let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
let corpus: [[UInt8]] = names.compactMap { name in
    FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)).map { [UInt8]($0) }
}
guard !corpus.isEmpty else {
    FileHandle.standardError.write(Data("No .eml files in \(directory).\n".utf8))
    exit(1)
}
let corpusBytes = corpus.reduce(0) { $0 + $1.count }

/// Runs `work` over the corpus, whole passes only, until `seconds` have passed; messages per second.
func throughput(_ label: String, seconds: Double, _ work: ([UInt8]) -> Int) -> Double {
    var sink = 0
    for message in corpus { sink &+= work(message) }  // warm-up
    let clock = ContinuousClock()
    let start = clock.now
    var count = 0
    var elapsed = 0.0
    repeat {
        for message in corpus { sink &+= work(message) }
        count += corpus.count
        let duration = clock.now - start
        elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    } while elapsed < seconds
    let rate = Double(count) / elapsed
    let megabytes = Double(corpusBytes) * Double(count / corpus.count) / elapsed / 1_048_576
    print("\(label): \(Int(rate)) messages/s (\(String(format: "%.1f", megabytes)) MB/s, \(count) messages in \(String(format: "%.2f", elapsed)) s; checksum \(sink))")
    return rate
}

print("Corpus: \(corpus.count) messages, \(corpusBytes) bytes, from \(directory)")
let baseline = throughput("baseline (count CRLF)", seconds: seconds) { message in
    var crlf = 0
    var previous: UInt8 = 0
    for byte in message {
        if byte == 0x0A, previous == 0x0D { crlf += 1 }
        previous = byte
    }
    return crlf
}
let parsing = throughput("MIMEParser.parse", seconds: seconds) { message in
    let parsed = MIMEParser.parse(message)
    return parsed.text.utf8.count &+ parsed.attachments.count &+ parsed.warnings.count
}
print("ratio parse/baseline: \(String(format: "%.4f", parsing / baseline)) (baseline is \(String(format: "%.0f", baseline / parsing))x faster)")
print(parsing >= 5_000 ? "target met: >= 5,000 messages/s" : "TARGET MISSED: < 5,000 messages/s")
