import Foundation
import Testing
@testable import SiangCore

/// The `evidence:` section: shipped with the five process names and nothing the agency must write
/// itself, merged key by key from the override file, refused with the key named when it is wrong.
@Suite struct EvidenceSettingsTests {
    @Test func theDefaultsNameEveryProcessAndLeaveTheAgencysWordsEmpty() throws {
        let e = try SiangConfiguration.defaults().evidence
        #expect(Set(e.approaches.keys) == Set(EvidenceApproach.allCases.map(\.rawValue)))
        for approach in EvidenceApproach.allCases {
            let s = e.settings(approach)
            #expect(!s.nameTh.isEmpty && !s.nameEn.isEmpty, "\(approach)")
            #expect(s.owner.isEmpty && s.keySteps.isEmpty && s.repeatability.isEmpty && s.frequency.isEmpty, "\(approach)")
            #expect(s.organisationProfile.isEmpty && s.plans.isEmpty, "\(approach)")
        }
    }

    @Test func anOverrideFillsOneApproachKeyByKey() throws {
        let c = try ConfigurationLoader.load(overrideYAML: """
            evidence:
              approaches:
                complaint_management:
                  owner: ศูนย์ดำรงธรรม
                  keySteps: {output: เรื่องที่แก้ไขแล้วพร้อมแจ้งผล}
                  plans: {title: แผนปฏิบัติราชการ ปี 2569, url: "https://example.go.th/plan.pdf"}
            """, environment: ["SIANG_EVIDENCE_APPROACHES_SEGMENTATION_FREQUENCY": "ทุกปีงบประมาณ"])
        let s = c.evidence.settings(.complaintManagement)
        #expect(s.owner == "ศูนย์ดำรงธรรม" && s.keySteps.output == "เรื่องที่แก้ไขแล้วพร้อมแจ้งผล" && s.keySteps.input.isEmpty)
        #expect(s.nameTh == "กระบวนการจัดการข้อร้องเรียน", "the shipped name stays")
        #expect(s.plans.url == "https://example.go.th/plan.pdf")
        #expect(c.evidence.settings(.segmentation).frequency == "ทุกปีงบประมาณ")
    }

    @Test func anUnknownApproachOrABadLinkIsRefusedNamingTheKey() {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(overrideYAML: "evidence: {approaches: {listening: {owner: x}}}", environment: [:])
        }
        #expect(throws: ConfigurationError.invalid(key: "evidence.approaches.segmentation.plans.url", reason: "must be an absolute http(s) address")) {
            try ConfigurationLoader.load(overrideYAML: "evidence: {approaches: {segmentation: {plans: {url: \"javascript:alert(1)\"}}}}", environment: [:])
        }
        #expect(throws: ConfigurationError.invalid(key: "evidence.approaches.segmentation.owner", reason: "must be at most 2000 characters")) {
            try ConfigurationLoader.load(overrideYAML: "evidence: {approaches: {segmentation: {owner: \(String(repeating: "ก", count: 2_001))}}}", environment: [:])
        }
    }
}
