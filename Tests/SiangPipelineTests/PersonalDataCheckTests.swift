import Foundation
import Testing
@testable import SiangPipeline

/// What counts as personal data in a text about to be published (issue 11, low).
@Suite struct PersonalDataCheckTests {
    let check = PersonalDataCheck(complainantName: "นางสาวสมหญิง รักดี")

    @Test func phonesEmailsAndTheComplainantsNameAreFound() {
        let cases: [(String, [PersonalDataCheck.Finding])] = [
            ("โทรกลับที่ 081-234-5678 ได้ค่ะ", [.phone]),
            ("เบอร์ 02 123 4567", [.phone]),
            ("ติดต่อ +66 81 234 5678", [.phone]),
            ("เบอร์ ๐๘๑๒๓๔๕๖๗๘", [.phone]),
            ("ส่งเอกสารมาที่ somying.r@example.co.th", [.email]),
            ("คุณสมหญิงแจ้งว่าไฟดับ", [.name]),
            ("ผู้ร้อง (รักดี) ได้รับแจ้งแล้ว", [.name]),
            ("สมหญิง 0812345678 a@b.io", [.phone, .email, .name]),
        ]
        for (text, expected) in cases { #expect(check.findings(in: text) == expected, "\(text)") }
    }

    @Test func ordinaryCaseTextsAreNotFlagged() {
        for text in ["ดำเนินการซ่อมไฟถนนแล้วเสร็จเมื่อวันที่ 16/11/2569 เวลา 10:00 น.", "เรื่องเลขที่ CMP-69K7MQ2XDJN รวมกับเรื่องเดิม",
                     "งบประมาณ 1,250,000 บาท", "ส่งต่อสำนักงานเขต (เลขที่อ้างอิง กท 0401/2569)", "โทรสายด่วน 1111 ได้ตลอด 24 ชั่วโมง",
                     "2569-11-16 ตรวจสอบแล้ว"] {
            #expect(check.findings(in: text).isEmpty, "\(text)")
        }
        // Without a contact there is no name to find, and a title alone is not a name.
        #expect(PersonalDataCheck(complainantName: nil).findings(in: "นางสาวใจดี").isEmpty)
        #expect(PersonalDataCheck(complainantName: "นาย ก").findings(in: "นายช่างตรวจแล้ว").isEmpty)
    }
}
