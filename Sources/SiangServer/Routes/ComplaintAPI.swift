import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore
import SiangPipeline
import SiangStore
import WebForm

/// `POST /api/v1/complaints` and `GET /api/v1/track/{trackingId}` (DESIGN.md 5.3).
struct ComplaintAPI {
    let services: SiangServices

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.post("/api/v1/complaints", on: router, use: create)
        book.get("/api/v1/track/{trackingId}", on: router, use: track)
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    @Sendable func create(_ request: Request, context: SiangRequestContext) async throws -> Response {
        // Staff tokens (the hotline desk, bulk entry) are not limited; everyone else is, per address.
        if await !Self.isStaff(request, services: services) { try await services.limits.admit(.intake, request, context: context) }
        let limit = services.configuration.limits.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw APIError.tooLarge(limit: limit) }
        try JSONBody.requireJSON(request, what: "the complaint")
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError { throw APIError.tooLarge(limit: limit) }
        let body = try Self.decode(ComplaintRequest.self, from: buffer)
        let key = request.headers[Self.idempotencyKey]
        if let key { try Self.checkIdempotencyKey(key) }
        var translation = WebIntake.translate(body, idempotencyKey: key, now: services.clock.now(),
                                              maxClockSkew: TimeInterval(services.configuration.intake.maxClockSkewSeconds))
        if !translation.staffOnlyFields.isEmpty {
            let fields = translation.staffOnlyFields.joined(separator: ", ")
            guard let staff = try await StaffTokens.staff(for: request, store: services.store) else {
                throw APIError(.unauthorized, code: "staff_token_required",
                               message: "Only staff may set \(fields); send a staff bearer token.",
                               th: "ช่อง \(fields) กำหนดได้เฉพาะเจ้าหน้าที่")
            }
            // A receipt time, channel or outside reference back-dates or re-labels a case: only the roles
            // that take cases in may give them (issue 11: an analyst's token stored a case from year −2000).
            guard staff.role.takesCasesIn else {
                throw APIError(.forbidden, code: "role_cannot_take_cases_in",
                               message: "Your role (\(staff.role.rawValue)) cannot set \(fields); agents, supervisors and admins take cases in.",
                               th: "บทบาทของท่านกำหนดช่อง \(fields) ไม่ได้ เฉพาะเจ้าหน้าที่รับเรื่อง หัวหน้างาน และผู้ดูแลระบบเท่านั้น")
            }
            translation.intake.channelMessageKey = key.map { "idem:\(staff.username):\($0)" }
        }
        let problems = Self.merge(translation.problems, services.pipeline.problems(in: translation.intake))
        guard problems.isEmpty else { throw APIError.invalid(problems) }
        let outcome = try await submit(translation.intake)
        switch outcome {
        case .created(let receipt), .existing(let receipt):
            return Response(status: .created, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: CaseViews.createdJSON(created(receipt)))))
        }
    }

    /// The longest `Idempotency-Key` taken: with the `idem:` and staff prefixes the stored channel key
    /// stays within its 255 bytes.
    static let maxIdempotencyKeyBytes = 200

    /// 422 naming the header and what is wrong with it, in the caller's terms.
    static func checkIdempotencyKey(_ key: String) throws(APIError) {
        let bytes = key.utf8.count
        guard bytes == 0 || bytes > maxIdempotencyKeyBytes else { return }
        let en = bytes == 0 ? "The Idempotency-Key header is empty; send 1 to \(maxIdempotencyKeyBytes) bytes, or no header."
            : "The Idempotency-Key header is \(bytes) bytes long; at most \(maxIdempotencyKeyBytes) bytes are allowed."
        let th = bytes == 0 ? "ส่วนหัว Idempotency-Key ว่างเปล่า กรุณาส่ง 1 ถึง \(maxIdempotencyKeyBytes) ไบต์ หรือไม่ต้องส่ง"
            : "ส่วนหัว Idempotency-Key ยาว \(bytes) ไบต์ เกินกว่าที่รับได้ \(maxIdempotencyKeyBytes) ไบต์"
        throw APIError.invalid([FieldError("Idempotency-Key", .invalid, th: th, en: en)])
    }

    /// Adapter problems first, then the validator's, one per field (an unknown value is reported once).
    static func merge(_ first: [FieldError], _ second: [FieldError]) -> [FieldError] {
        let seen = Set(first.map(\.field))
        return first + second.filter { !seen.contains($0.field) }
    }

    /// Runs the intake and maps its errors to answers; shared by the API and the form.
    func submit(_ intake: Intake) async throws -> CreateOutcome {
        do {
            let outcome = try await services.pipeline.submit(intake)
            if case .created = outcome { services.metrics.recordIntake(channel: intake.channel.rawValue, outcome: "created") } else {
                services.metrics.recordIntake(channel: intake.channel.rawValue, outcome: "repeat")
            }
            return outcome
        } catch {
            switch error {
            case .invalid(let fields): throw APIError.invalid(fields)
            case .keyReused:
                throw APIError(.unprocessableContent, code: "idempotency_key_reused",
                               message: "This Idempotency-Key was already used for a different request.",
                               th: "รหัสป้องกันการส่งซ้ำนี้ถูกใช้กับคำขออื่นแล้ว")
            case .unavailable(let why): throw APIError.unavailable(why)
            }
        }
    }

    func created(_ r: CaseReceipt) -> CaseViews.CreatedBody {
        .init(trackingId: r.trackingId, status: r.status, kind: r.kind, category: r.category, receivedAt: r.receivedAt,
              trackUrl: services.trackURL(r.trackingId), sla: r.sla)
    }

    @Sendable func track(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let raw = Self.percentDecoded(try context.parameters.require("trackingId"))
        guard let found = try await Self.limitedLookup(raw, request: request, context: context, services: services) else { throw APIError.notFound }
        TrackingLookupCounter.count(.api, services: services)
        let body = services.caseViews.track(found)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: CaseViews.trackJSON(body))))
    }

    /// A path segment with its percent escapes decoded ("" when they are not UTF-8). Foundation's
    /// decoding cost 2.6 % of a lookup; a typed tracking ID seldom has an escape to decode.
    static func percentDecoded(_ segment: String) -> String {
        segment.utf8.contains(UInt8(ascii: "%")) ? segment.removingPercentEncoding ?? "" : segment
    }

    /// A lookup counted against the client's limits (`limits.lookupsPerMinute`, and a miss, an
    /// unknown or mistyped ID, against `limits.lookupMissesPerHour`); a staff bearer token is exempt.
    /// For the JSON API and the tracking pages alike.
    static func limitedLookup(_ raw: String, request: Request, context: SiangRequestContext,
                              services: SiangServices) async throws -> TrackingLookup? {
        let exempt = await isStaff(request, services: services)
        if !exempt { try await services.limits.admit(.lookup, request, context: context) }
        do {
            let found = try await lookup(raw, services: services)
            if found == nil, !exempt { await services.limits.recordMiss(request, context: context) }
            return found
        } catch let error as APIError where error.status == .badRequest {
            if !exempt { await services.limits.recordMiss(request, context: context) }
            throw error
        }
    }

    /// Whether the request carries a valid staff bearer token (exempt from the per-address limits).
    static func isStaff(_ request: Request, services: SiangServices) async -> Bool {
        guard request.headers[.authorization] != nil else { return false }
        return (try? await StaffTokens.staff(for: request, store: services.store)) != nil
    }

    /// Parses a typed tracking ID, or says in the caller's words what is wrong with it (400).
    static func parse(_ raw: String, prefix: String) throws(APIError) -> TrackingID {
        do {
            return try TrackingID.parse(raw, expectedPrefix: prefix)
        } catch .checkFailed {
            throw APIError(.badRequest, code: "check_failed", message: "Check the tracking ID: one of its characters is wrong.",
                           th: "กรุณาตรวจสอบเลขติดตามเรื่อง มีอักขระบางตัวไม่ถูกต้อง")
        } catch {
            throw APIError(.badRequest, code: "malformed_tracking_id", message: "This is not a tracking ID (example: \(prefix)-69K7MQ2XDJN).",
                           th: "รูปแบบเลขติดตามเรื่องไม่ถูกต้อง (ตัวอย่าง \(prefix)-69K7MQ2XDJN)")
        }
    }

    /// Finds a case by a typed tracking ID: one row, its ``TrackedCase``, and the resolution clock
    /// worked out from it for now; no events are read. A wrong check character is a 400 and an
    /// unknown ID nil (404); both read a row the same way (a decoy's, for the 400) so their timing
    /// tells nothing.
    static func lookup(_ raw: String, services: SiangServices) async throws -> TrackingLookup? {
        let prefix = services.configuration.trackingPrefix
        let id: TrackingID
        do {
            id = try parse(raw, prefix: prefix)
        } catch {
            if error.code == "check_failed" { _ = try? await services.store.trackedCase(TrackingID.decoy(prefix: prefix)) }
            throw error
        }
        guard let tracked = try await services.store.trackedCase(id) else { return nil }
        return TrackingLookup(view: tracked.view, sla: services.caseViews.sla(of: tracked, at: services.clock.now()))
    }

    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw JSONBody.notAnObject(Data(buffer: buffer))
        } catch DecodingError.valueNotFound(_, let context) where context.codingPath.isEmpty {
            throw JSONBody.notAnObject(Data(buffer: buffer))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError.invalid([FieldError(field, .invalid, th: "ชนิดข้อมูลในช่อง \(field) ไม่ถูกต้อง", en: "\(field) has the wrong type.")])
        } catch {
            throw APIError.badRequest("The body is not valid JSON.", th: "ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง")
        }
    }
}

extension TrackingID {
    /// A valid ID that is never issued (year digits 00), looked up to even out timing.
    static func decoy(prefix: String) -> TrackingID {
        var zero = ZeroGenerator()
        return (try? TrackingID.generate(prefix: prefix, beYear: 2500, using: &zero)) ?? (try! TrackingID(prefix: "CMP", body: "00000000000"))
    }

    private struct ZeroGenerator: RandomNumberGenerator {
        mutating func next() -> UInt64 { 0 }
    }
}
