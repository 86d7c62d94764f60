import Foundation

/// How a hotline call ended: a kind of case to open, or a call that opens none.
///
/// The first four are the case kinds of the intake pipeline; `dropped`, `wrongNumber` and `test` count
/// for the channel's statistics only (see ``opensCase``).
public enum HotlineDisposition: String, Sendable, CaseIterable, Equatable {
    case complaint
    case suggestion
    case compliment
    case inquiry
    case dropped
    case wrongNumber = "wrong_number"
    case test

    /// True for the kinds that become a case; false for calls that are only counted.
    public var opensCase: Bool {
        switch self {
        case .complaint, .suggestion, .compliment, .inquiry: true
        case .dropped, .wrongNumber, .test: false
        }
    }

    /// The Thai word the shipped mapping accepts for each disposition.
    public var thaiName: String {
        switch self {
        case .complaint: "ร้องเรียน"
        case .suggestion: "เสนอแนะ"
        case .compliment: "ชมเชย"
        case .inquiry: "สอบถาม"
        case .dropped: "สายหลุด"
        case .wrongNumber: "โทรผิด"
        case .test: "ทดสอบ"
        }
    }
}

/// One call from a hotline log, checked and typed: what the importer turns into an intake.
///
/// Empty columns, and columns the file does not have, are `nil`. Text is trimmed and its line ends
/// are `\n`. `callID` is the channel message key that makes a re-import idempotent.
public struct HotlineCall: Sendable, Equatable {
    public var callID: String
    public var startedAt: Date
    public var endedAt: Date?
    /// Personal data: never log it.
    public var callerPhone: String?
    /// Personal data: never log it.
    public var callerName: String?
    public var agent: String?
    public var queue: String?
    public var category: String?
    public var summary: String?
    public var notes: String?
    public var disposition: HotlineDisposition
    /// The line of the file on which the call's record starts (the header is line 1).
    public var line: Int

    public init(callID: String, startedAt: Date, endedAt: Date? = nil, callerPhone: String? = nil,
                callerName: String? = nil, agent: String? = nil, queue: String? = nil,
                category: String? = nil, summary: String? = nil, notes: String? = nil,
                disposition: HotlineDisposition, line: Int) {
        self.callID = callID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.callerPhone = callerPhone
        self.callerName = callerName
        self.agent = agent
        self.queue = queue
        self.category = category
        self.summary = summary
        self.notes = notes
        self.disposition = disposition
        self.line = line
    }
}

/// A row of a hotline log that could not be read: the line it starts on and why, in words a clerk
/// can act on. Reasons never quote the caller's name or phone number.
public struct HotlineRowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line on which the bad record starts (1-based; the header is line 1).
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
