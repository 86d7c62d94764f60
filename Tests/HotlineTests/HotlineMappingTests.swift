import Foundation
import Testing
@testable import Hotline

@Suite("Hotline mapping")
struct HotlineMappingTests {
    typealias Field = HotlineMapping.Field

    @Test
    func thaiHeadersAreShippedAliases() throws {
        let header = ["เลขที่สาย", "วันเวลา", "เวลาสิ้นสุด", "เบอร์โทร", "ชื่อผู้โทร", "เจ้าหน้าที่", "คิว", "หมวด",
                      "เรื่อง", "รายละเอียด", "ผลการรับสาย"]
        let layout = try HotlineMapping.standard.layout(forHeader: header, source: "f.csv")
        for (index, field) in Field.allCases.enumerated() { #expect(layout[field] == index) }
    }

    @Test
    func englishHeadersMatchInAnyCaseWithBlanksAndSpacesForUnderscores() throws {
        let header = [" Call ID ", "STARTED_AT", "Disposition", "Caller-Phone", "unrelated"]
        let layout = try HotlineMapping.standard.layout(forHeader: header, source: "f.csv")
        #expect(layout[.callID] == 0)
        #expect(layout[.startedAt] == 1)
        #expect(layout[.disposition] == 2)
        #expect(layout[.callerPhone] == 3)
        #expect(layout[.notes] == nil)
        #expect(layout.columnCount == 5)
    }

    @Test
    func missingRequiredColumnsAreNamed() {
        #expect(throws: HotlineLogError.missingColumns(path: "f.csv", fields: [.startedAt, .disposition],
                                                       lookedFor: [["started_at", "วันเวลา"], ["disposition", "ผลการรับสาย"]])) {
            try HotlineMapping.standard.layout(forHeader: ["call_id", "notes"], source: "f.csv")
        }
        let error = HotlineLogError.missingColumns(path: "f.csv", fields: [.startedAt], lookedFor: [["started_at", "วันเวลา"]])
        #expect(error.description == "f.csv: the header has no column for started_at (looked for \"started_at\" or \"วันเวลา\"); "
            + "rename the column or name it in a mapping file (--mapping)")
    }

    @Test
    func twoColumnsForOneFieldAreRefused() {
        #expect(throws: HotlineLogError.duplicateColumn(path: "f.csv", field: .summary, headers: ["summary", "เรื่อง"])) {
            try HotlineMapping.standard.layout(forHeader: ["call_id", "started_at", "disposition", "summary", "เรื่อง"], source: "f.csv")
        }
    }

    @Test
    func mappingFileReplacesTheNamesOfTheFieldsItNames() throws {
        let mapping = try HotlineMapping(yaml: #"""
            # ACME call centre export
            ---
            call_id: Ticket No   # the ticket
            started_at: [Start Time, "เวลา, เริ่ม"]
            caller_phone:
              - ANI
              - 'Caller #'
            queue: []
            dispositions:
              complaint: [ร้องทุกข์, Complaint Call]
              dropped: abandoned
              test:
                - training
            """#)
        #expect(mapping.headerNames[.callID] == ["Ticket No"])
        #expect(mapping.headerNames[.startedAt] == ["Start Time", "เวลา, เริ่ม"])
        #expect(mapping.headerNames[.callerPhone] == ["ANI", "Caller #"])
        #expect(mapping.headerNames[.queue] == [])
        #expect(mapping.headerNames[.notes] == ["notes", "รายละเอียด"])
        #expect(mapping.dispositionWords == [.complaint: ["ร้องทุกข์", "Complaint Call"], .dropped: ["abandoned"], .test: ["training"]])

        let layout = try mapping.layout(forHeader: ["ticket no", "START TIME", "queue", "ผลการรับสาย"], source: "f.csv")
        #expect(layout[.callID] == 0)
        #expect(layout[.startedAt] == 1)
        #expect(layout[.queue] == nil)
        #expect(layout[.disposition] == 3)
        #expect(mapping.dispositionTable()["complaint_call"] == .complaint)
        #expect(mapping.dispositionTable()["ร้องเรียน"] == .complaint)
    }

    @Test
    func aNameTheMappingFileGivesWinsOverAShippedNameOfAnotherField() throws {
        let mapping = try HotlineMapping(yaml: "summary: รายละเอียด\nnotes: คำอธิบาย\n")
        let layout = try mapping.layout(forHeader: ["call_id", "started_at", "disposition", "รายละเอียด", "คำอธิบาย"], source: "f.csv")
        #expect(layout[.summary] == 3)
        #expect(layout[.notes] == 4)
    }

    @Test(arguments: [
        ("call_id: A\ncaller: B\n", 2, "unknown field \"caller\"; the fields are call_id, started_at, ended_at, caller_phone, caller_name, agent, queue, category, summary, notes, disposition (and dispositions)"),
        ("call_id: []\n", 1, "call_id is required and needs at least one header name"),
        ("notes: A\nnotes: B\n", 2, "notes is mapped twice"),
        ("notes:\n\t- A\n", 2, "indent with spaces, not tabs"),
        ("dispositions:\n  maybe: perhaps\n", 2, "unknown disposition \"maybe\"; the dispositions are complaint, suggestion, compliment, inquiry, dropped, wrong_number, test"),
        ("notes [A]\n", 1, "expected \"field: header name\""),
        ("notes: [A, B\n", 1, "a list that starts with \"[\" must end with \"]\" on the same line"),
        ("notes: [A, , B]\n", 1, "the list has an empty item"),
        ("- A\n", 1, "a list item (\"- …\") must follow a key such as \"summary:\""),
        ("notes: A\n  agent: B\n", 2, "unexpected indentation; only \"dispositions:\" takes indented lines"),
    ])
    func mappingFileMistakesAreReportedWithTheirLine(yaml: String, line: Int, reason: String) {
        #expect(throws: HotlineMappingError(line: line, reason: reason)) { try HotlineMapping(yaml: yaml) }
    }

    @Test
    func mappingFileErrorsNameTheFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("map.yaml", "call_id: A\nwho: B\n")
        #expect(throws: HotlineLogError.self) { try HotlineMapping(contentsOfFile: path) }
        do {
            _ = try HotlineMapping(contentsOfFile: path)
        } catch {
            #expect(error.description.hasPrefix("mapping file \(path), line 2: unknown field \"who\""))
        }
        #expect(throws: HotlineLogError.unreadableFile(path: folder.url.path + "/none.yaml", reason: "there is no such file")) {
            try HotlineMapping(contentsOfFile: folder.url.path + "/none.yaml")
        }
    }
}
