import Foundation
import Testing
@testable import SiangCore

@Suite struct SurveyDefinitionTests {
    let settings = try! SiangConfiguration.defaults().surveys

    var caseSurvey: SurveyDefinition { settings.current("case")! }

    @Test func theShippedSurveysAskTheQuestionsOfTheDesign() throws {
        #expect(settings.invitationExpiryDays == 30)
        let ids = caseSurvey.questions.map(\.id)
        #expect(ids == ["overall", "process", "staff", "channel", "access", "outcome", "trust", "recommend", "frequency", "reasons", "comment"])
        #expect(caseSurvey.dimensionIDs == ["process", "staff", "channel", "access", "outcome"])
        #expect(caseSurvey.question("frequency")?.options?.map(\.value) == ["first", "occasional", "regular"])
        #expect(caseSurvey.questions.allSatisfy { !$0.th.isEmpty && !$0.en.isEmpty })
        #expect(settings.reasonCodes.map(\.code) == ["delay", "unresolved", "no_update", "staff_manner", "complex_process", "hard_access",
                                                     "system_outage", "data_error", "payment", "facilities", "other"])
        #expect(settings.reasonCode("delay")?.th == "ล่าช้า")
        #expect(settings.reasonCode("other")?.requiresText == true)
        let point = try #require(settings.current("service_point"))
        #expect(point.asksSegment)
        #expect(point.question("segment")?.isRequired == true)
        #expect(settings.scale.map(\.value).sorted() == [1, 2, 3, 4, 5])
    }

    @Test func reasonsAreAskedWhenOverallOrAnyDimensionIsOneOrTwo() {
        let d = caseSurvey
        #expect(SurveyRules.asksForReasons(SurveyResponse(ratings: ["overall": 2]), definition: d))
        #expect(SurveyRules.asksForReasons(SurveyResponse(ratings: ["overall": 1]), definition: d))
        #expect(SurveyRules.asksForReasons(SurveyResponse(ratings: ["overall": 4, "outcome": 1]), definition: d))
        #expect(SurveyRules.asksForReasons(SurveyResponse(ratings: ["overall": 5, "process": 2]), definition: d))
        #expect(!SurveyRules.asksForReasons(SurveyResponse(ratings: ["overall": 3, "process": 3, "staff": 5]), definition: d))
        // Trust and engagement are not service dimensions: a low trust score asks no reasons.
        #expect(!SurveyRules.asksForReasons(SurveyResponse(ratings: ["overall": 4, "trust": 1, "recommend": 2]), definition: d))
    }

    @Test func atLeastOneReasonIsRequiredWhenReasonsAreAsked() {
        let d = caseSurvey
        let codes = settings.reasonCodes
        let noReason = SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 2]), definition: d, reasonCodes: codes)
        #expect(noReason.map(\.field) == ["reasons"])
        #expect(noReason.first?.code == .required)
        #expect(noReason.first?.messageTh.contains("อย่างน้อย 1 ข้อ") == true)
        #expect(SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 2], reasons: ["delay"]), definition: d, reasonCodes: codes).isEmpty)
        #expect(SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 5, "access": 1], reasons: ["hard_access", "facilities"]),
                                     definition: d, reasonCodes: codes).isEmpty)
        // A partial answer (a LINE rating) may wait for its reasons.
        #expect(SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 1]), definition: d, reasonCodes: codes, requireReasons: false).isEmpty)
        // No reasons are needed for a satisfied answer.
        #expect(SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 4]), definition: d, reasonCodes: codes).isEmpty)
    }

    @Test func otherNeedsItsTextAndUnknownCodesAreRefused() {
        let d = caseSurvey
        let codes = settings.reasonCodes
        let other = SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 1], reasons: ["other"]), definition: d, reasonCodes: codes)
        #expect(other.map(\.field) == ["reasonText"])
        #expect(SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 1], reasons: ["other"], reasonText: "ไม่มีที่จอดรถ"),
                                     definition: d, reasonCodes: codes).isEmpty)
        let unknown = SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 1], reasons: ["rude"]), definition: d, reasonCodes: codes)
        #expect(unknown.contains { $0.field == "reasons" && $0.code == .unknown })
    }

    @Test func ratingsOutsideTheScaleAndUnknownQuestionsAreRefused() {
        let d = caseSurvey
        let codes = settings.reasonCodes
        #expect(SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 6]), definition: d, reasonCodes: codes).map(\.field) == ["overall"])
        #expect(SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 3, "speed": 3]), definition: d, reasonCodes: codes).map(\.field) == ["speed"])
        #expect(SurveyRules.problems(in: SurveyResponse(ratings: ["process": 3]), definition: d, reasonCodes: codes).map(\.code) == [.required])
        #expect(SurveyRules.problems(in: SurveyResponse(ratings: ["overall": 3], choices: ["frequency": "daily"]), definition: d, reasonCodes: codes)
            .map(\.field) == ["frequency"])
    }

    @Test func aChangedQuestionSetIsAnotherQuestionSetButNewWordingIsNot() {
        var reworded = caseSurvey
        reworded.questions[0].th = "โดยรวมแล้วท่านพึงพอใจเพียงใด"
        #expect(reworded.questionSet == caseSurvey.questionSet)
        var extended = caseSurvey
        extended.questions.insert(SurveyQuestion(id: "speed", type: .rating, th: "ความรวดเร็ว", en: "Speed", dimension: true), at: 1)
        #expect(extended.questionSet != caseSurvey.questionSet)
        var newOption = caseSurvey
        newOption.questions[8].options?.append(SurveyOption(value: "daily", th: "ทุกวัน", en: "Daily"))
        #expect(newOption.questionSet != caseSurvey.questionSet)
    }

    @Test func theConfigurationIsCheckedAsItIsRead() throws {
        let env = try ConfigurationLoader.load(overrideYAML: nil, environment: ["SIANG_SURVEYS_INVITATION_EXPIRY_DAYS": "45"])
        #expect(env.surveys.invitationExpiryDays == 45)
        let points = try ConfigurationLoader.load(overrideYAML: """
            surveys:
              servicePoints:
                - {code: ONESTOP, th: ศูนย์บริการแบบเบ็ดเสร็จ, en: One-stop service centre, unit: สำนักปลัด}
            """, environment: [:])
        #expect(points.surveys.servicePoint("onestop")?.unit == "สำนักปลัด")
        for bad in [
            "surveys: {invitationExpiryDays: 0}",
            "surveys: {servicePoints: [{code: 'bad code', th: x, en: x, unit: y}]}",
            "surveys: {caseSurvey: nothing}",
            "surveys: {reasonCodes: [{code: delay, th: a, en: a}, {code: delay, th: b, en: b}]}",
        ] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try ConfigurationLoader.load(overrideYAML: bad, environment: [:]) }
        }
        do {
            _ = try ConfigurationLoader.load(overrideYAML: "surveys: {invitationExpiryDays: 0}", environment: [:])
        } catch {
            #expect("\(error)".contains("surveys.invitationExpiryDays"))
        }
    }

    @Test func aLaterVersionIsTheCurrentOneAndTheEarlierStaysReadable() throws {
        let config = try ConfigurationLoader.load(overrideYAML: """
            surveys:
              definitions:
                - id: case
                  version: 1
                  title: {th: แบบเดิม, en: Old}
                  questions:
                    - {id: overall, type: rating, th: โดยรวม, en: Overall}
                    - {id: reasons, type: reasons, th: สาเหตุ, en: Reasons}
                - id: case
                  version: 2
                  title: {th: แบบใหม่, en: New}
                  questions:
                    - {id: overall, type: rating, th: โดยรวม, en: Overall}
                    - {id: speed, type: rating, dimension: true, th: ความรวดเร็ว, en: Speed}
                    - {id: reasons, type: reasons, th: สาเหตุ, en: Reasons}
                - id: service_point
                  version: 1
                  title: {th: จุดบริการ, en: Service point}
                  questions:
                    - {id: segment, type: segment, th: ท่านคือ, en: You are}
                    - {id: overall, type: rating, th: โดยรวม, en: Overall}
                    - {id: reasons, type: reasons, th: สาเหตุ, en: Reasons}
            """, environment: [:])
        #expect(config.surveys.current("case")?.version == 2)
        #expect(config.surveys.definition("case", version: 1)?.title.th == "แบบเดิม")
    }
}
