import Foundation
import HTTPTypes
import SiangCore
import SiangReports
import SiangStore

/// The server's one way to the improvement log (``ImprovementLog``): built from the running
/// services (store, configuration, shipped catalog, SLA calendar and policy), and the log's failures
/// in the words and statuses the API and the pages answer with.
struct ImprovementService: Sendable {
    let services: SiangServices

    /// The log over the server's store; 503 when the store cannot compute reports.
    func log() throws -> ImprovementLog {
        guard let store = services.store as? any ImprovementLog.Store,
              let catalog = try? ReportService.shippedCatalog.get() else {
            throw APIError.unavailable("the store cannot compute reports")
        }
        return ImprovementLog(store: store, vocabulary: vocabulary(catalog), catalog: catalog, calendar: services.sla.calendar,
                              policy: services.sla.policy)
    }

    func vocabulary(_ catalog: MetricCatalog) -> ImprovementVocabulary {
        ImprovementVocabulary(configuration: services.configuration, catalog: catalog)
    }

    static let notFound = APIError(.notFound, code: "not_found", message: "There is no improvement with this id.",
                                   th: "ไม่พบรายการปรับปรุงนี้")
    static let conflict = APIError(.conflict, code: "conflict",
                                   message: "The improvement was changed by someone else since you read it; reload it and try again.",
                                   th: "มีผู้อื่นแก้ไขรายการนี้หลังจากที่ท่านเปิดอ่าน กรุณาโหลดใหม่แล้วลองอีกครั้ง")
    static let forbidden = APIError(.forbidden, code: "forbidden",
                                    message: "The improvement log is for the analyst, supervisor and admin roles.",
                                    th: "บันทึกการปรับปรุงใช้ได้เฉพาะผู้วิเคราะห์ข้อมูล ผู้บังคับบัญชา และผู้ดูแลระบบ")

    static func apiError(_ failure: ImprovementLog.Failure) -> APIError {
        switch failure {
        case .invalid(let problems): .invalid(problems.fields)
        case .notFound: notFound
        case .conflict: conflict
        case .store(let e): .unavailable(e.description)
        }
    }

    /// Runs log calls, answering a failure as the API does.
    static func run<T>(_ body: () async throws(ImprovementLog.Failure) -> T) async throws -> T {
        do { return try await body() } catch { throw apiError(error) }
    }

    /// A Buddhist Era fiscal year from a query (`?fy=2569`), 422 for anything else.
    static func fiscalYear(_ text: String?) throws(APIError) -> Int? {
        guard let text else { return nil }
        guard let year = Int(text), (2400...2800).contains(year), ImprovementLog.fiscalYears.contains(year) else {
            throw APIError.invalid([FieldError("fy", .invalid, th: "ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569",
                                               en: "fy is a Buddhist Era fiscal year, e.g. 2569.")])
        }
        return year
    }
}
