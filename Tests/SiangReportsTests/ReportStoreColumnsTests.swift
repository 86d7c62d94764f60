import Foundation
import Testing
import SiangCore
import SiangTestSupport
@testable import SiangReports
@testable import SiangStore

/// A report computed from the columns the SQLite store reads for it (read in parts, tracking IDs as
/// integer keys, texts as places in name lists, answers sorted by time) has exactly the figures of
/// the same report computed from the facts one by one, the cases' facts folded from their events and
/// the answers' facts written out from what was stored.
@Suite struct ReportStoreColumnsTests {
    let start = ReportFixture.bkk(2025, 11, 3, 9)
    let surveys = try! SiangConfiguration.defaults().surveys

    struct Fixture {
        let store: SQLiteStore
        let cases: [CaseFact]
        let answers: [SurveyFact]
        let invitations: [SurveyInvitationFact]
    }

    func at(_ hours: Double) -> Date { start.addingTimeInterval(hours * 3600) }

    /// Cases of every kind, channel, segment and priority, with and without category and queue, open,
    /// resolved, closed, reopened, paused for information, rejected, referred, duplicates, with and
    /// without a first response, some received at the same instant, one whose tracking ID is not of
    /// the canonical shape; case surveys with dimensions and repeated reasons, service-point and
    /// imported answers, anonymous ones, one naming a case the store does not hold; invitations.
    func fixture() async throws -> Fixture {
        let store = try SQLiteStore(dataDirectory: NSTemporaryDirectory() + "siang-columns-\(UUID().uuidString)", cipher: .forTests)
        let kinds: [Kind] = [.complaint, .complaint, .inquiry, .complaint, .suggestion, .compliment]
        let channels: [Channel] = [.web, .hotline, .line, .email, .walkIn]
        let segments: [Segment?] = [.citizen, nil, .business]
        let priorities: [Priority] = [.normal, .urgent, .complex]
        var ids: [TrackingID] = []
        for n in 0..<48 {
            let id = n == 7 ? TrackingID(storedCanonical: "OLD-2567/7") : ReportFixture.id(n)
            let received = at(Double(n / 2) * 29)  // two cases at each instant
            let category: String? = n % 4 == 0 ? nil : ["road", "water", "noise"][n % 3]
            let change = ReceivedChange(kind: kinds[n % kinds.count], channel: channels[n % channels.count], category: category,
                                        segment: segments[n % segments.count], priority: priorities[n % priorities.count])
            var events = [CaseEvent(at: received, actor: "citizen", change: .received(change))]
            func staff(_ hours: Double, _ change: CaseChange) { events.append(CaseEvent(at: received.addingTimeInterval(hours * 3600),
                                                                                      actor: CaseEvent.staff("somchai"), change: change)) }
            func move(_ hours: Double, _ from: Status, _ to: Status) { staff(hours, .statusChanged(StatusChange(from: from, to: to))) }
            if n % 5 != 4 { staff(0.5, .queueChanged(n % 2 == 0 ? "roads" : "water-works")) }
            switch n % 8 {
            case 0: move(2, .received, .triaged); move(30, .triaged, .inProgress); move(200, .inProgress, .resolved)
            case 1: move(1, .received, .inProgress); move(5, .inProgress, .resolved); move(9, .resolved, .inProgress)  // reopened
                    move(400, .inProgress, .resolved); move(500, .resolved, .closed)
            case 2: staff(3, .publicReply("รับเรื่องแล้ว"))  // open, answered
            case 3: move(4, .received, .awaitingInfo); move(60, .awaitingInfo, .inProgress); move(90, .inProgress, .referred)
            case 4: move(1, .received, .rejected)
            case 5: move(1, .received, .duplicate)
            case 6: staff(2, .categorized(CategoryChange(category: "lighting"))); staff(3, .priorityChanged(.urgent))
            default: break  // open, never answered
            }
            let intake = Intake(kind: change.kind, text: "เรื่องที่ \(n)", channel: change.channel, receivedAt: received)
            let receipt = CaseReceipt(trackingId: id, status: .received, kind: change.kind, category: category, receivedAt: received, sla: nil)
            _ = try await store.create(NewCase(trackingID: id, intake: intake, events: Array(events.prefix(1)), outbox: [],
                                               fingerprint: "f-\(n)", receipt: receipt))
            if events.count > 1 { try await store.append(Array(events.dropFirst()), to: id, expectedEventCount: nil, outbox: []) }
            ids.append(id)
        }
        var cases: [CaseFact] = []
        for id in ids { cases.append(try #require(CaseFact(trackingID: id, events: try await store.events(of: id)))) }
        // Receipt order, ties in the order the cases were stored.
        cases = cases.enumerated().sorted { ($0.element.receivedAt, $0.offset) < ($1.element.receivedAt, $1.offset) }.map(\.element)

        for d in surveys.definitions { try await store.registerSurveyDefinition(d, at: start) }
        let caseSurvey = try #require(surveys.current(surveys.caseSurvey))
        let dimensions = caseSurvey.dimensionIDs
        #expect(!dimensions.isEmpty)
        var answers: [NewSurveyAnswer] = []
        for n in 0..<30 {
            let about = ids[(n * 5) % ids.count]
            var ratings = [SurveyQuestion.overall: 1 + n % 5]
            if n % 2 == 0 { ratings[SurveyQuestion.trust] = 1 + (n / 2) % 5 }
            if n % 3 == 0 { ratings[SurveyQuestion.recommend] = 5 - n % 5 }
            if n % 4 != 3 { ratings[dimensions[n % dimensions.count]] = 1 + (n * 3) % 5 }
            let reasons = n % 3 == 1 ? ["delay", "no_update", "delay"] : n % 3 == 2 ? ["staff_manner"] : []
            let answeredAt = at(Double((n * 37) % 30) * 40 + 10)  // stored out of time order
            let response = SurveyResponse(ratings: ratings, reasons: reasons, reasonText: n % 7 == 0 ? "อื่น ๆ \"มาก\"" : nil,
                                          comment: n % 4 == 0 ? "ช้ามาก/ไม่มีใครโทรกลับ" : nil)
            switch n % 5 {
            case 0, 1, 2:
                answers.append(NewSurveyAnswer(token: nil, surveyID: caseSurvey.id, version: caseSurvey.version, source: "case", via: "web",
                                               trackingID: n == 2 ? TrackingID(storedCanonical: "CMP-69NOSUCHCASE") : about,
                                               channel: .web, category: "road", segment: .citizen, queue: "roads", answeredAt: answeredAt,
                                               response: response))
            case 3:
                answers.append(NewSurveyAnswer(token: nil, surveyID: surveys.servicePointSurvey, version: 1, source: "service_point", via: "web",
                                               servicePoint: n % 2 == 0 ? "counter-1" : "counter-2", answeredAt: answeredAt, response: response))
            default:
                answers.append(NewSurveyAnswer(token: nil, surveyID: caseSurvey.id, version: caseSurvey.version, source: "import:paper-2568",
                                               via: "import", channel: .hotline, segment: .business, answeredAt: answeredAt, response: response,
                                               key: "import:paper-2568:\(n)"))
            }
        }
        // The odd ID's case, surveyed: joined by the ID itself.
        answers.append(NewSurveyAnswer(token: nil, surveyID: caseSurvey.id, version: caseSurvey.version, source: "case", via: "web",
                                       trackingID: ids[7], channel: .email, answeredAt: at(100),
                                       response: SurveyResponse(ratings: [SurveyQuestion.overall: 2], reasons: ["delay"])))
        for outcome in try await store.recordSurveyAnswers(answers) {
            guard case .recorded = outcome else { Issue.record("not recorded: \(outcome)"); continue }
        }
        let answerFacts = answers.map { a in
            SurveyFact(answeredAt: a.answeredAt, source: a.source, channel: a.channel, category: a.category, segment: a.segment,
                       queue: a.queue, servicePoint: a.servicePoint, overall: a.response.overall,
                       dimensions: a.response.ratings.filter { r in
                           surveys.definitions.contains { $0.id == a.surveyID && $0.version == a.version && $0.dimensionIDs.contains(r.key) }
                       },
                       trust: a.response.trust, recommend: a.response.recommend, reasons: a.response.reasons, trackingID: a.trackingID)
        }.enumerated().sorted { ($0.element.answeredAt, $0.offset) < ($1.element.answeredAt, $1.offset) }.map(\.element)

        for (n, id) in ids.enumerated() where n % 3 == 0 {
            try await store.addSurveyInvitation(SurveyInvitation(
                token: "tok-\(n)-0123456789abcdef", trackingID: id, surveyID: caseSurvey.id, version: caseSurvey.version, route: .email,
                channel: .email, category: nil, segment: nil, queue: nil, issuedAt: at(Double(n) * 20), expiresAt: at(Double(n) * 20 + 720)))
        }
        let invitations = try await store.surveyInvitationFacts(from: .distantPast, to: .distantFuture)
        #expect(invitations.count == 16)
        return Fixture(store: store, cases: cases, answers: answerFacts, invitations: invitations)
    }

    func inputs(_ cases: CaseFactColumns, _ answers: SurveyFactColumns, _ invitations: [SurveyInvitationFact]) throws -> ReportInputs {
        ReportInputs(caseColumns: cases, answerColumns: answers, invitations: invitations, targets: .empty, catalog: try MetricCatalog.load(),
                     calendar: ReportFixture.calendar, policy: .standard, agency: ReportFixture.agency)
    }

    @Test func theStoresColumnsGiveTheFiguresOfTheFactsOneByOne() async throws {
        let f = try await fixture()
        let byFact = try ReportFixture.inputs(cases: f.cases, answers: f.answers, invitations: f.invitations)
        let answerColumns = try await f.store.surveyFactColumns(from: .distantPast, to: .distantFuture)
        #expect(answerColumns.facts == f.answers, "the answers as stored, in time order")
        for parts in [1, 2, 3] {
            let caseColumns = try await f.store.caseFactColumns(receivedBefore: .distantFuture, inParts: parts)
            #expect(caseColumns.facts == f.cases, "\(parts) parts: the facts the events give")
            let byColumn = try inputs(caseColumns, answerColumns, f.invitations)
            let requests: [(ReportPeriod.Kind, String, Date?)] = [
                (.fiscalYear, "2569", nil), (.fiscalYear, "2569", at(300)), (.quarter, "2569-Q1", nil), (.month, "2025-12", at(700)),
            ]
            for (kind, id, asOf) in requests {
                let expected = try ReportFixture.report(kind, id, byFact, asOf: asOf)
                let got = try ReportFixture.report(kind, id, byColumn, asOf: asOf)
                #expect(ReportJSON.encode(got) == ReportJSON.encode(expected), "\(parts) parts, \(id) as of \(String(describing: asOf))")
            }
            let request = ReportRequest(period: try PeriodKey.parse("2569", kind: .fiscalYear))
            for (dimension, key) in [(nil, nil), ("channel", "web"), ("category", "none")] as [(String?, String?)] {
                #expect(try DrillDown.cases(request, inputs: byColumn, metric: MetricID.complaintsResolved, dimension: dimension, key: key,
                                            now: ReportFixture.bkk(2026, 12, 1))
                        == DrillDown.cases(request, inputs: byFact, metric: MetricID.complaintsResolved, dimension: dimension, key: key,
                                           now: ReportFixture.bkk(2026, 12, 1)))
            }
        }
        // Not vacuous: every part of the engine the columns feed has something to count.
        let year = try ReportFixture.report(.fiscalYear, "2569", byFact)
        for metric in [MetricID.complaintsResolved, MetricID.resolvedWithinSLA, MetricID.firstResponseWithinSLA, MetricID.medianDaysToResolve,
                       MetricID.satisfaction, MetricID.trust, MetricID.engagement, MetricID.complaintHandlingSatisfaction,
                       MetricID.surveyResponseRate] {
            #expect(year.value(metric) != nil, "\(metric)")
        }
        #expect(year.value(MetricID.openBacklog).map { $0 > 0 } == true)
        #expect(!year.reasons.isEmpty && !year.frequentComplaints.isEmpty)
        #expect(year.row(MetricID.satisfaction, "servicePoint", "counter-1") != nil)
        // The answers are joined to their cases, the odd ID's by the ID itself; an unknown case joins nothing.
        let columns = try await f.store.caseFactColumns(receivedBefore: .distantFuture)
        let table = AnswerTable(answers: answerColumns, invitations: f.invitations, cases: columns)
        let answerTo = { (text: String) in
            try #require((0..<table.answers.count).first { table.answers.trackingID(table.answerPlace[$0])?.description == text })
        }
        let odd = try answerTo("OLD-2567/7")
        #expect(table.answerCase[odd] >= 0 && columns.trackingID(table.answerCase[odd]) == TrackingID(storedCanonical: "OLD-2567/7"))
        #expect(table.answerCase[try answerTo("CMP-69NOSUCHCASE")] == -1)
        #expect(table.answerCase.filter { $0 >= 0 }.count == 18, "the 17 case surveys naming a stored case and the odd one")
        #expect(table.invitationCase.allSatisfy { $0 >= 0 } && table.invitationCase.count == 16)
    }

    @Test func trackingKeysAreExactAndWriteTheirIDBack() throws {
        var generator = SplitMix64(seed: 42)
        var seen: [TrackingKey: TrackingID] = [:]
        for n in 0..<2_000 {
            let prefix = ["CMP", "AB", "ABCDE", "ZZ", "SIANG"][n % 5]
            let id = try TrackingID.generate(prefix: prefix, beYear: 2560 + n % 20, using: &generator)
            let key = try #require(TrackingKey(id))
            #expect(key.trackingID == id)
            var text = id.description
            #expect(text.withUTF8 { TrackingKey(canonical: $0) } == key)
            if let other = seen[key] { #expect(other == id) }
            seen[key] = id
        }
        #expect(seen.count == 2_000)
        for odd in ["", "AB", "ab-0123456789A", "ABCDEFG-0123456789A", "AB-0123456789I", "AB-012345678", "AB-0123456789AB", "A-B-012345678",
                    "-0123456789A", "AB_0123456789A", "OLD-2567/7", "ก-0123456789A"] {
            var text = odd
            #expect(text.withUTF8 { TrackingKey(canonical: $0) } == nil, "\(odd)")
            #expect(TrackingKey(TrackingID(storedCanonical: odd)) == nil, "\(odd)")
        }
        // Stored prefixes of one to six letters are keys too.
        for text in ["Z-ZZZZZZZZZZZ", "A-00000000000", "ZZZZZZ-ZZZZZZZZZZZ", "ABCDEF-0123456789A"] {
            #expect(TrackingKey(TrackingID(storedCanonical: text))?.trackingID == TrackingID(storedCanonical: text), "\(text)")
        }
    }

    @Test func columnsKeepEveryFieldAndJoinInParts() {
        let a = [
            ReportFixture.fact(1, received: start, [(.resolved, at(3)), (.inProgress, at(4))], firstResponse: .some(nil)),
            CaseFact(trackingID: TrackingID(storedCanonical: "odd"), kind: .inquiry, channel: .line, category: nil, segment: nil, queue: nil,
                     priority: .urgent, receivedAt: at(1), statuses: [.init(at: at(1), status: .received)], firstResponseAt: at(2)),
        ]
        let b = [
            ReportFixture.fact(2, .suggestion, channel: .email, category: "water", segment: .business, queue: "water-works", received: at(5)),
            CaseFact(trackingID: TrackingID(storedCanonical: "odd too"), kind: .complaint, channel: .web, category: "road", segment: .citizen,
                     queue: "roads", priority: .complex, receivedAt: at(6), statuses: [.init(at: at(6), status: .received)], firstResponseAt: nil),
        ]
        #expect(CaseFactColumns(a).facts == a)
        var joined = CaseFactColumns(a)
        joined.append(contentsOf: CaseFactColumns(b))
        #expect(joined.facts == a + b)
        #expect(joined.categoryNames.count == 2 && joined.oddTrackingIDs.count == 2)
        var fromEmpty = CaseFactColumns()
        fromEmpty.append(contentsOf: CaseFactColumns(b))
        #expect(fromEmpty.facts == b)

        let answers = [
            SurveyFact(answeredAt: at(2), source: "case", channel: .web, overall: 2, dimensions: ["speed": 1, "clarity": 4], trust: nil,
                       recommend: 3, reasons: ["delay", "delay"], trackingID: ReportFixture.id(1)),
            SurveyFact(answeredAt: at(1), source: "service_point", servicePoint: "counter-1", overall: nil, trackingID: nil),
            SurveyFact(answeredAt: at(1), source: "import:x", category: "road", segment: .business, queue: "roads", overall: 5,
                       trackingID: TrackingID(storedCanonical: "odd")),
        ]
        let columns = SurveyFactColumns(answers)
        #expect(columns.facts == answers)
        var sorted = columns
        sorted.sortByTime()
        #expect(sorted.timeOrder == [1, 2, 0])
        #expect(sorted.facts == [answers[1], answers[2], answers[0]], "by time, ties as they came")
        #expect(AnswerTable(answers: columns, invitations: [], cases: CaseFactColumns(a)).answerPlace == [1, 2, 0])
        #expect(AnswerTable(answers: SurveyFactColumns(sorted.facts), invitations: [], cases: CaseFactColumns(a)).answerPlace == [0, 1, 2])
    }

    @Test func aTallyKeepsEveryKeysFiguresAsItWidens() {
        var names = GroupKeys(dimensions: ["category", "queue"])
        var tally = GroupTally(dimensions: 2)
        // Forty categories (past the room a tally starts with), three queues, the first key added last too.
        for n in 0..<40 {
            let keys = [names.number(0, "c\(n)"), names.number(1, "q\(n % 3)")]
            tally.add(numerator: Double(n % 2), denominator: 1, keys: keys)
        }
        tally.add(numerator: 5, denominator: 2, keys: [names.number(0, "c0"), names.number(1, "q0")])
        tally.add(numerator: 7, denominator: 0, keys: nil)
        #expect(tally.numerator == 20 + 5 + 7 && tally.denominator == 42)
        let rows = tally.rows(names, value: MetricFigure.share, shares: true)
        #expect(rows["category"]?.count == 40)
        // c0: 0 of 1, then 5 of 2; c39: 1 of 1.
        #expect(rows["category"]?.first { $0.key == "c0" } == BreakdownRow(key: "c0", value: MetricFigure.share(5, 3), numerator: 5, denominator: 3))
        #expect(rows["category"]?.first { $0.key == "c39" } == BreakdownRow(key: "c39", value: 100, numerator: 1, denominator: 1))
        // q0: 0, 3, …, 39 (14 cases, 7 odd) and the extra 5 of 2; q1: 1, 4, …, 37 (13, 7 odd); q2: 2, 5, …, 38 (13, 6 odd).
        #expect(rows["queue"]?.map(\.key) == ["q0", "q1", "q2"])
        #expect(rows["queue"]?.map(\.numerator) == [12, 7, 6])
        #expect(rows["queue"]?.map(\.denominator) == [16, 13, 13])
    }
}
