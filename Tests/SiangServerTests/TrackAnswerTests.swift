import Foundation
import SiangCore
import SiangStore
import SiangTestSupport
import Testing
@testable import SiangServer

/// The track answer is written by hand for speed; it must be, byte for byte, what the JSON encoder
/// writes for the same body (the API contract of DESIGN.md 5.3 is defined by that shape).
@Suite struct TrackAnswerTests {
    static let alphabet: [Character] = Array("ดำเนินการแก้ไขแล้ว abc\"\\/\n\t\u{01}\u{2028}😀") + ["\r\n"]

    func text(_ g: inout SplitMix64) -> String {
        String((0..<Int.random(in: 0...30, using: &g)).map { _ in Self.alphabet.randomElement(using: &g)! })
    }

    func date(_ g: inout SplitMix64) -> Date {
        Date(timeIntervalSince1970: Double.random(in: 1_500_000_000..<2_500_000_000, using: &g))
    }

    @Test func theHandWrittenAnswerIsTheEncodersAnswer() throws {
        var g = SplitMix64(seed: 44)
        for i in 0..<2_000 {
            let status = Status.allCases.randomElement(using: &g)!
            let timeline = (0..<Int.random(in: 0...5, using: &g)).map { _ in
                CaseViews.TrackBody.Entry(status: Status.allCases.randomElement(using: &g)!, at: date(&g),
                                          note: Bool.random(using: &g) ? text(&g) : nil)
            }
            let sla: CaseViews.TrackBody.SLA? = Bool.random(using: &g)
                ? .init(resolutionDueAt: Bool.random(using: &g) ? date(&g) : nil, state: ["on_track", "at_risk", "breached", "paused"].randomElement(using: &g)!)
                : nil
            let body = CaseViews.TrackBody(
                trackingId: try TrackingID(prefix: "CMP", body: TrackingID.sampleBody(i)), kind: Kind.allCases.randomElement(using: &g)!,
                status: status, statusLabel: .init(th: status.label.th, en: status.label.en),
                category: Bool.random(using: &g) ? text(&g) : nil, receivedAt: date(&g), updatedAt: date(&g), sla: sla, timeline: timeline)
            let expected = try JSON.encoder.encode(body)
            #expect(CaseViews.trackJSON(body) == Array(expected), "\(String(decoding: expected, as: UTF8.self))")
        }
    }

    /// The 201 answer to a complaint, written by hand the same way, is the encoder's answer too.
    @Test func theHandWrittenCreatedAnswerIsTheEncodersAnswer() throws {
        var g = SplitMix64(seed: 45)
        for i in 0..<2_000 {
            let sla: SLASummary? = Bool.random(using: &g)
                ? SLASummary(firstResponseDueAt: Bool.random(using: &g) ? date(&g) : nil,
                             resolutionDueAt: Bool.random(using: &g) ? date(&g) : nil,
                             state: ["on_track", "at_risk", "breached", "paused", text(&g)].randomElement(using: &g)!)
                : nil
            let id = try TrackingID(prefix: "CMP", body: TrackingID.sampleBody(i))
            let body = CaseViews.CreatedBody(
                trackingId: id, status: Status.allCases.randomElement(using: &g)!, kind: Kind.allCases.randomElement(using: &g)!,
                category: Bool.random(using: &g) ? text(&g) : nil, receivedAt: date(&g),
                trackUrl: Bool.random(using: &g) ? "http://127.0.0.1:8080/track/\(id)" : "https://x.go.th/t/" + text(&g), sla: sla)
            let expected = try JSON.encoder.encode(body)
            #expect(CaseViews.createdJSON(body) == Array(expected), "\(String(decoding: expected, as: UTF8.self))")
        }
    }
}

extension TrackingID {
    /// A valid body for the n-th test ID.
    static func sampleBody(_ n: Int) -> String {
        var g = SplitMix64(seed: UInt64(n))
        return try! TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g).description.split(separator: "-")[1].description
    }
}
