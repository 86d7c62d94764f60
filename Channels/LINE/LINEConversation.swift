import Foundation
import SiangCore
import SiangPipeline

/// The conversation rules of DESIGN.md 5.6, as a pure function from one webhook event to what the
/// service should do with it. No I/O: the ``LINEInboxProcessor`` carries the decision out.
///
/// - A text that is a tracking ID, or `ติดตาม <ID>` / `track <ID>`, asks for a case's status.
/// - Any other text is a message: it opens a case, or joins the user's case of the last minutes.
/// - Images, files and locations join that case (they never open one on their own).
/// - `follow` is greeted; `unfollow` stops pushes to the user.
/// - A survey invitation's rating button comes back as a postback and is recorded as the answer.
/// - In a group or multi-person chat only messages meant for the account count: those that mention
///   it or start with a keyword (`แจ้งเรื่อง`, `ร้องเรียน`) or a tracking command; the rest of the
///   group's conversation is none of our business and is ignored.
public struct LINEConversation: Sendable {
    public var trackingPrefix: String
    /// Words that, at the start of a group message, address it to the account. They are removed
    /// from the case text.
    public var groupKeywords: [String]
    /// Words that introduce a tracking query.
    public var trackingCommands: [String]

    public init(trackingPrefix: String, groupKeywords: [String] = ["แจ้งเรื่อง", "ร้องเรียน"],
                trackingCommands: [String] = ["ติดตาม", "track"]) {
        self.trackingPrefix = trackingPrefix
        self.groupKeywords = groupKeywords
        self.trackingCommands = trackingCommands
    }

    /// What to do with one event. `destination` is the bot's user ID from the webhook body.
    public func interpret(_ event: LINEEvent, destination: String?) -> LINEIntent {
        switch event.kind {
        case .follow: return .greet
        case .unfollow: return .optOut
        case .postback(let data):
            // The rating buttons of a survey invitation; other postbacks are not ours to act on.
            return SurveyAnswers.isSurveyPostback(data) ? .surveyAnswer(data) : .ignore("postback")
        case .unsupported(let type): return .ignore("event type \(type)")
        case .message(let message):
            let inGroup = event.source?.isGroupChat ?? false
            switch message.content {
            case .text(let raw, let mention):
                return interpretText(raw, mention: mention, inGroup: inGroup, destination: destination)
            case .image(let set, let fromLINE):
                if inGroup { return .ignore("group image") }
                return .attachment(messageID: message.id, filename: "line-\(message.id).jpg", fromLINE: fromLINE,
                                   lastOfSet: set?.isLast ?? true)
            case .file(let name, _):
                if inGroup { return .ignore("group file") }
                return .attachment(messageID: message.id, filename: name, fromLINE: true, lastOfSet: true)
            case .location(let title, let address, let lat, let lon):
                if inGroup { return .ignore("group location") }
                let words = [title, address].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                return .location(Location(lat: lat, lon: lon, address: words.isEmpty ? nil : words.joined(separator: " ")))
            case .sticker: return .ignore("sticker")
            case .unsupported(let type): return .ignore("message type \(type)")
            }
        }
    }

    func interpretText(_ raw: String, mention: LINEMention?, inGroup: Bool, destination: String?) -> LINEIntent {
        var text = raw
        if inGroup {
            let mentionsUs = mention?.mentionees.contains { $0.isSelf == true || ($0.userId != nil && $0.userId == destination) } ?? false
            if mentionsUs, let mention {
                text = Self.removing(mention.mentionees.filter { $0.isSelf == true || ($0.userId != nil && $0.userId == destination) }, from: text)
            }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let keyword = groupKeywords.first { trimmed.hasPrefix($0) }
            if let keyword {
                text = Self.droppingLeadingPunctuation(String(trimmed.dropFirst(keyword.count)))
            } else if !mentionsUs {
                // A tracking query is a command in its own right, even in a group.
                if let query = trackingQuery(in: trimmed), case .explicit = query.form { return .trackingQuery(query.query) }
                return .ignore("group message not addressed to the account")
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let query = trackingQuery(in: trimmed) { return .trackingQuery(query.query) }
        if trimmed.isEmpty { return .needsDetails }
        return .text(trimmed)
    }

    enum QueryForm { case bare, explicit }

    /// Reads a tracking query: a bare ID, or a command followed by an ID. A command followed by
    /// something that is not ID-shaped is ordinary text (`ติดตามเรื่องไฟดับที่แจ้งไว้` opens a case).
    func trackingQuery(in text: String) -> (query: LINETrackingQuery, form: QueryForm)? {
        var rest = Substring(text)
        var form = QueryForm.bare
        if let command = trackingCommands.first(where: { text.lowercased().hasPrefix($0.lowercased()) }) {
            rest = rest.dropFirst(command.count)
            rest = Substring(Self.droppingLeadingPunctuation(String(rest)))
            form = .explicit
            if rest.isEmpty { return (.missing, .explicit) }
        }
        let candidate = String(rest).trimmingCharacters(in: .whitespacesAndNewlines)
        guard looksLikeTrackingID(candidate) else { return nil }
        do {
            return (.id(try TrackingID.parse(candidate, expectedPrefix: trackingPrefix)), form)
        } catch .checkFailed {
            return (.checkFailed(candidate), form)
        } catch {
            return form == .explicit ? (.checkFailed(candidate), form) : nil
        }
    }

    /// The agency's prefix and 11 symbols, or 11 symbols starting with the two year digits, give or
    /// take spaces and hyphens: shaped like an ID even when a character is wrong.
    func looksLikeTrackingID(_ text: String) -> Bool {
        guard text.utf8.count <= 64 else { return false }
        let compact = text.uppercased().filter { $0 != "-" && !$0.isWhitespace }
        guard compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
        if compact.count == trackingPrefix.count + 11, compact.hasPrefix(trackingPrefix) { return true }
        return compact.count == 11 && compact.prefix(2).allSatisfy(\.isNumber)
    }

    /// The text without the given `@mentions` (UTF-16 offsets, as LINE counts them).
    static func removing(_ mentionees: [LINEMention.Mentionee], from text: String) -> String {
        var units = Array(text.utf16)
        for m in mentionees.sorted(by: { $0.index > $1.index }) where m.index >= 0 && m.length > 0 && m.index + m.length <= units.count {
            units.removeSubrange(m.index..<(m.index + m.length))
        }
        return String(decoding: units, as: UTF16.self)
    }

    static func droppingLeadingPunctuation(_ text: String) -> String {
        String(text.drop { $0.isWhitespace || ":：-–".contains($0) })
    }
}

/// What a webhook event asks of the service.
public enum LINEIntent: Sendable, Equatable {
    case trackingQuery(LINETrackingQuery)
    /// Text for a case: opens one, or joins the user's case of the last minutes.
    case text(String)
    /// An image or file to download and add to the user's recent case.
    case attachment(messageID: String, filename: String, fromLINE: Bool, lastOfSet: Bool)
    /// A place to add to the user's recent case.
    case location(Location)
    /// A message meant for us with nothing in it (a keyword or mention alone).
    case needsDetails
    /// A press of a survey invitation's rating button (`survey=<token>&overall=<1-5>`).
    case surveyAnswer(String)
    case greet
    case optOut
    /// Recorded (the raw body stays in the inbox) and otherwise left alone; the reason names the type only.
    case ignore(String)
}

public enum LINETrackingQuery: Sendable, Equatable {
    case id(TrackingID)
    /// Shaped like an ID but not one of ours (a character is wrong).
    case checkFailed(String)
    /// The command with nothing after it.
    case missing
}
