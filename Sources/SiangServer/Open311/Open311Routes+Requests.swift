import Foundation
import Hummingbird
import HummingbirdCore
import SiangCore
import SiangPipeline
import SiangStore

/// `POST requests`, `GET requests` and `GET requests/{id}` of the GeoReport v2 API.
extension Open311Routes {
    /// The most requests one `GET requests` answers with (the specification's 1,000).
    static let maxRequests = 1_000
    /// The longest span of `start_date`..`end_date`, and the span read when neither is given: the
    /// specification's 90 days.
    static let maxSpan: TimeInterval = 90 * 86_400

    /// `POST requests`: a new case on channel `open311` through the one intake path.
    func create(_ request: Request, context: SiangRequestContext) async throws -> Open311Node {
        let form = try await FormBody.read(request, limit: services.configuration.limits.maxBodyBytes)
        let key = try await access.key(form.fields["api_key"] ?? request.uri.queryParameters.get("api_key"))
        try await access.admit(.intake, key: key)
        let posted = try Open311ServiceRequest(form: form.fields, keyID: key.id, idempotencyKey: request.headers[ComplaintAPI.idempotencyKey],
                                               services: catalogue, receivedAt: services.clock.now())
        let problems = services.pipeline.problems(in: posted.intake)
        guard problems.isEmpty else { throw Open311ServiceRequest.describe(problems) }
        let outcome: CreateOutcome
        do {
            outcome = try await services.pipeline.submit(posted.intake)
        } catch {
            switch error {
            case .invalid(let fields): throw Open311ServiceRequest.describe(fields)
            case .keyReused: throw Open311Error.badRequest("This Idempotency-Key or client_token was already used for a different request.")
            case .unavailable(let why): throw APIError.unavailable(why)
            }
        }
        let receipt: CaseReceipt
        switch outcome {
        case .created(let r):
            services.metrics.recordIntake(channel: Channel.open311.rawValue, outcome: "created")
            receipt = r
        case .existing(let r):
            services.metrics.recordIntake(channel: Channel.open311.rawValue, outcome: "repeat")
            receipt = r
        }
        let id = receipt.trackingId
        return .list(item: "request", [.object([
            ("service_request_id", .text(id.description)),
            ("service_notice", .text("รับเรื่องแล้ว เลขติดตามเรื่อง \(id) ติดตามสถานะได้ที่ \(services.trackURL(id))")),
            ("account_id", .text(posted.accountID ?? "")),
        ])])
    }

    /// `GET requests`: by `service_request_id` (comma-delimited; the other filters are then ignored,
    /// as the specification says), or by `service_code`, `status`, `start_date` and `end_date`.
    func list(_ request: Request, context: SiangRequestContext) async throws -> Open311Node {
        let key = try await access.admitLookup(request, context: context)
        let query = request.uri.queryParameters
        if let wanted = query.get("service_request_id") {
            let ids = try Self.commaList(wanted, name: "service_request_id").prefix(Self.maxRequests).map { raw throws(Open311Error) in
                try trackingID(raw)
            }
            var nodes: [Open311Node] = []
            for id in ids {
                if let node = try await view(id) { nodes.append(node) } else { await access.recordMiss(request, context: context, key: key) }
            }
            return .list(item: "request", nodes)
        }
        let filter = try filter(query)
        let ids = try await access.store.open311RequestIDs(filter)
        var nodes: [Open311Node] = []
        for id in ids { if let node = try await view(id) { nodes.append(node) } }
        return .list(item: "request", nodes)
    }

    /// `GET requests/{id}`: one request, in a list as the specification answers it; 404 when there is
    /// no such request.
    func one(_ raw: String, request: Request, context: SiangRequestContext) async throws -> Open311Node {
        let key = try await access.admitLookup(request, context: context)
        let id: TrackingID
        do { id = try trackingID(raw.removingPercentEncoding ?? raw) } catch {
            await access.recordMiss(request, context: context, key: key)
            throw error
        }
        guard let node = try await view(id) else {
            await access.recordMiss(request, context: context, key: key)
            throw Open311Error.notFound("There is no service request \(id).")
        }
        return .list(item: "request", [node])
    }

    /// The store query behind a filtered `GET requests`, or 400 naming what cannot be read.
    func filter(_ query: FlatDictionary<Substring, Substring>) throws(Open311Error) -> Open311RequestQuery {
        let now = services.clock.now()
        let start = try Self.date(query.get("start_date"), name: "start_date")
        let end = try Self.date(query.get("end_date"), name: "end_date")
        let from = start ?? (end ?? now).addingTimeInterval(-Self.maxSpan)
        let until = end ?? start.map { $0.addingTimeInterval(Self.maxSpan) } ?? now
        guard from <= until else { throw .badRequest("start_date is after end_date.") }
        guard until.timeIntervalSince(from) <= Self.maxSpan else { throw .badRequest("start_date and end_date may not span more than 90 days.") }
        var categories: [String]?
        if let codes = query.get("service_code") {
            categories = try Self.commaList(codes, name: "service_code").map { code throws(Open311Error) in
                guard catalogue.taxonomy.contains(code) else { throw .badRequest("service_code \(code.prefix(60)) is not a service of this agency.") }
                return code
            }
        }
        var statuses: [Status]?
        if let wanted = query.get("status") {
            let names = try Self.commaList(wanted, name: "status")
            guard names.allSatisfy({ $0 == "open" || $0 == "closed" }) else {
                throw .badRequest("status must be open, closed or both (comma-delimited).")
            }
            statuses = names.flatMap(Open311RequestView.statuses)
        }
        let hidden = catalogue.taxonomy.categories.filter(\.restricted).map(\.code)
        return Open311RequestQuery(receivedFrom: from, receivedUntil: until, categories: categories, statuses: statuses,
                                   hiddenCategories: hidden, limit: Self.maxRequests)
    }

    /// A comma-delimited parameter's values; 400 when it holds none.
    static func commaList(_ raw: String, name: String) throws(Open311Error) -> [String] {
        let values = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !values.isEmpty else { throw .badRequest("\(name) is empty.") }
        return values
    }

    /// A W3C date-time with its offset (`2026-11-01T00:00:00+07:00` or `…Z`), as the specification asks.
    static func date(_ raw: String?, name: String) throws(Open311Error) -> Date? {
        guard let raw else { return nil }
        guard let date = ISO8601Instant.parse(raw.trimmingCharacters(in: .whitespaces)) else {
            throw .badRequest("\(name) is not a date-time with an offset, such as 2026-11-01T00:00:00+07:00.")
        }
        return date
    }

    /// A tracking ID as the client typed it; 400 when it cannot be one.
    func trackingID(_ raw: String) throws(Open311Error) -> TrackingID {
        do { return try ComplaintAPI.parse(raw, prefix: services.configuration.trackingPrefix) } catch {
            throw .badRequest("service_request_id \(raw.prefix(40)): \(error.message)")
        }
    }

    /// One case as a service request; nil when there is no such case.
    func view(_ id: TrackingID) async throws -> Open311Node? {
        let events = try await services.store.events(of: id)
        guard !events.isEmpty else { return nil }
        let location = try await services.store.record(id)?.location
        return Open311RequestView(services: catalogue)
            .node(id: id, events: events, location: location, sla: services.caseViews.sla(events: events, at: services.clock.now()))
    }
}
