import Foundation
import SiangCore
import Synchronization

/// The routing an agency gives its staff in the workspace tests: who works and supervises which queue.
public func staffConfigYAML(baseURL: String = "https://voice.example.go.th") -> String {
    """
    agency: {nameTh: เทศบาลตัวอย่าง, nameEn: Example Municipality, publicBaseURL: "\(baseURL)"}
    routing:
      queues:
        - {code: triage, th: งานคัดกรองเรื่องร้องเรียน, en: Complaint screening, members: [tri]}
        - {code: integrity, th: ศูนย์ปฏิบัติการต่อต้านการทุจริต, en: Anti-corruption centre, members: [honest], supervisors: [honest]}
        - {code: engineering, th: กองช่าง, en: Engineering division, members: [somchai], supervisors: [boss]}
        - {code: public_health, th: กองสาธารณสุขและสิ่งแวดล้อม, en: Public health and environment division, members: [malee]}
        - {code: disaster, th: งานป้องกันและบรรเทาสาธารณภัย, en: Disaster prevention and relief}
        - {code: administration, th: สำนักปลัด, en: Office of the permanent secretary}
        - {code: it, th: งานเทคโนโลยีสารสนเทศ, en: Information technology unit}
    """
}

/// A clock a test moves by hand.
public final class MovableClock: SiangClock {
    private let instant: Mutex<Date>
    public init(_ start: Date) { instant = Mutex(start) }
    public func now() -> Date { instant.withLock { $0 } }
    public func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
    public func set(_ date: Date) { instant.withLock { $0 = date } }
}
