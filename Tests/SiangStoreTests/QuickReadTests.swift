import Foundation
import SiangCore
import Testing
@testable import SiangStore

/// The soak's deadlock (bench/README.md, "Soak"): tracking lookups read on the calling thread, and
/// waiting there for one of GRDB's readers while async reads held them all stopped every cooperative
/// thread and the server for good. Quick reads now never wait for a connection.
@Suite struct QuickReadTests {
    @Test func lookupsAmongManyAsyncReadsNeverStopTheCooperativeThreads() async throws {
        let dir = NSTemporaryDirectory() + "siang-quickread-\(UUID().uuidString)"
        let store = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        var ids: [TrackingID] = []
        for i in 0..<20 {
            let intake = Intake(text: "ถนนชำรุด ซอย \(i)", channel: .web, receivedAt: now,
                                contact: Contact(name: "ผู้แจ้ง \(i)", phone: nil, email: nil), consent: true)
            guard case .created(let receipt) = try await plainPipeline(store, now: now).submit(intake) else { throw Failure("not created") }
            ids.append(receipt.trackingId)
        }
        // A stopped process cannot fail a test from a cooperative thread: a plain thread watches, and
        // stops the run with the reason if the reads have not all finished in time.
        let finished = Watchdog(seconds: 120, reason: "quick reads among async reads stopped the cooperative threads")
        defer { finished.done() }
        let caseIDs = ids
        try await withThrowingTaskGroup(of: Int.self) { group in
            for round in 0..<4_000 {
                let id = caseIDs[round % caseIDs.count]
                group.addTask {
                    // Lookups (quick reads) side by side with async reads that hold readers.
                    round % 2 == 0 ? try await store.events(of: id).count : (try await store.contact(of: id) == nil ? 0 : 1)
                }
            }
            var answered = 0
            for try await count in group { answered += count > 0 ? 1 : 0 }
            #expect(answered == 4_000)
        }
    }
}

/// Stops the test process with `reason` unless ``done()`` is called within `seconds`; runs on a
/// thread of its own, outside Swift's cooperative pool.
final class Watchdog: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    init(seconds: Int, reason: String) {
        let finished = self.finished
        Thread.detachNewThread {
            if finished.wait(timeout: .now() + .seconds(seconds)) == .timedOut { fatalError("Watchdog: \(reason)") }
        }
    }

    func done() { finished.signal() }
}
