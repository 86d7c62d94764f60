import Foundation
import SiangCore
import SiangStore

/// The queue page's and the list API's query parameters read into a ``QueueQuery``:
/// `queue` (a queue code, `mine` or `all`), `status` (`open` by default, `all`, or codes separated by
/// commas), `category`, `channel`, `segment`, `sla`, `assignee` (a username or `none`), `from` and `to`
/// (received dates, `dd/mm/yyyy` in BE or CE, or `yyyy-mm-dd`, both inclusive), `q` (search) and `page`.
struct QueueFilters {
    var queue: String
    var query: QueueQuery
    /// Parameters that could not be read, with the problem in Thai and English.
    var problems: [FieldError] = []
    /// The raw values, to show them again in the form.
    var raw: [String: String]

    static let keys = ["queue", "status", "category", "channel", "segment", "sla", "assignee", "from", "to", "q", "page"]
    /// The parameters whose value is one of a closed set (an enum) or a number, as the form's menus send them.
    static let codeKeys: Set<String> = ["channel", "segment", "sla", "page"]

    /// The queue a viewer starts on: their first own queue in the routing order, else the integrity
    /// queue for the integrity role, everything for the admin, their own cases for anyone else.
    static func defaultQueue(for viewer: StaffViewer, configuration: SiangConfiguration) -> String {
        if let first = configuration.routing.queues.first(where: { viewer.ownQueues.contains($0.code) && !(viewer.role != .integrity && $0.code == viewer.integrityQueue) }) {
            return first.code
        }
        switch viewer.role {
        case .integrity: return configuration.routing.integrityQueue
        case .admin: return "all"
        default: return "mine"
        }
    }

    /// The queues offered in the queue menu.
    static func queueChoices(for viewer: StaffViewer, configuration: SiangConfiguration) -> [String] {
        configuration.routing.queues.map(\.code).filter { code in
            switch viewer.role {
            case .admin: return code != viewer.integrityQueue
            case .integrity: return code == viewer.integrityQueue || viewer.ownQueues.contains(code)
            default: return viewer.ownQueues.contains(code) && code != viewer.integrityQueue
            }
        }
    }

    init(_ get: (String) -> String?, viewer: StaffViewer, configuration: SiangConfiguration, pageSize: Int = 50) {
        var raw: [String: String] = [:]
        for key in Self.keys {
            guard let given = get(key), !given.isEmpty else { continue }
            if Self.codeKeys.contains(key) {
                // A code is read as sent: with a space or a control character it is no code (422), never
                // an empty filter that lists everything (found by the API fuzz test's negative data).
                raw[key] = String(given.prefix(200))
                continue
            }
            // Control characters (a NUL above all) mean nothing in a filter, and PostgreSQL refuses a NUL
            // in text outright: they are dropped, as the API fuzz test showed they must be.
            let visible = String(String.UnicodeScalarView(given.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
            let value = visible.trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { raw[key] = String(value.prefix(200)) }
        }
        self.raw = raw
        var problems: [FieldError] = []
        func bad(_ field: String, _ value: String) {
            problems.append(FieldError(field, .invalid, th: "ค่า “\(value)” ใช้ในช่องนี้ไม่ได้", en: "\"\(value)\" is not a valid \(field)."))
        }
        queue = raw["queue"] ?? Self.defaultQueue(for: viewer, configuration: configuration)
        let scope: QueueQuery.Scope
        switch queue {
        case "mine": scope = .assignedTo(viewer.username)
        case "all": scope = .all
        default:
            if configuration.routing.queue(queue) == nil { bad("queue", queue) }
            scope = .queue(queue)
        }
        var query = QueueQuery(scope: scope, pageSize: pageSize)
        switch raw["status"] {
        case nil, "open": break
        case "all": query.statuses = Status.allCases
        case let list?:
            for code in list.split(separator: ",") {
                if let s = Status(rawValue: String(code)) { query.statuses.append(s) } else { bad("status", String(code)) }
            }
        }
        if let c = raw["category"] {
            if configuration.taxonomy.contains(c) { query.category = c } else { bad("category", c) }
        }
        if let c = raw["channel"] {
            if let channel = Channel(rawValue: c) { query.channel = channel } else { bad("channel", c) }
        }
        if let s = raw["segment"] {
            if let segment = Segment(rawValue: s) { query.segment = segment } else { bad("segment", s) }
        }
        if let s = raw["sla"] {
            if let state = SLAState(rawValue: s) { query.sla = state } else { bad("sla", s) }
        }
        if let a = raw["assignee"] { query.assignee = a == "none" ? "" : a }
        if let f = raw["from"] {
            if let day = Self.day(f) { query.receivedFrom = day } else { bad("from", f) }
        }
        if let t = raw["to"] {
            if let day = Self.day(t) { query.receivedBefore = BangkokTime.calendar.date(byAdding: .day, value: 1, to: day) } else { bad("to", t) }
        }
        if let q = raw["q"] { query.text = q }
        if let p = raw["page"] {
            if let n = Self.decimal(p, in: 1...10_000) { query.page = n } else { bad("page", p) }
        }
        self.query = query
        self.problems = problems
    }

    /// A number written as the document declares it, decimal digits only: `Int` alone would also take
    /// `+5` (a form's `%2B5`).
    static func decimal(_ raw: String, in range: ClosedRange<Int>) -> Int? {
        guard !raw.isEmpty, raw.utf8.count <= 9, raw.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let n = Int(raw) else { return nil }
        return range.contains(n) ? n : nil
    }

    /// The parameters of a query string as a browser's GET form sends them: `+` is a space, then
    /// percent-decoding; the first value of a repeated key wins.
    static func formQuery(_ query: String?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&").prefix(50) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let key = decode(kv[0])
            if out[key] == nil { out[key] = kv.count > 1 ? decode(kv[1]) : "" }
        }
        return out
    }

    /// A date typed by a person: `dd/mm/yyyy` (a year above 2400 is BE) or ISO `yyyy-mm-dd`; the
    /// start of that day in Bangkok.
    static func day(_ text: String) -> Date? {
        let parts: [Int]
        var dayFirst = true
        if text.contains("/") {
            parts = text.split(separator: "/").compactMap { Int($0) }
        } else {
            parts = text.split(separator: "-").compactMap { Int($0) }
            dayFirst = false
        }
        guard parts.count == 3 else { return nil }
        var (d, m, y) = dayFirst ? (parts[0], parts[1], parts[2]) : (parts[2], parts[1], parts[0])
        if y > 2400 { y = BangkokTime.ceYear(ofBE: y) }
        guard (1...31).contains(d), (1...12).contains(m), (1900...2200).contains(y) else { return nil }
        let components = DateComponents(year: y, month: m, day: d)
        guard let date = BangkokTime.calendar.date(from: components),
              BangkokTime.calendar.component(.day, from: date) == d else { return nil }
        return date
    }

    /// The query string of these filters with another page.
    func link(page: Int) -> String {
        var items = raw
        items["page"] = page > 1 ? "\(page)" : nil
        items["queue"] = queue
        let query = Self.keys.compactMap { key in
            items[key].map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? "")" }
        }.joined(separator: "&")
        return "/staff/queue?" + query
    }
}

extension CharacterSet {
    /// RFC 3986 unreserved characters (ASCII only: Foundation's `.alphanumerics` has Thai letters).
    static let urlUnreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
