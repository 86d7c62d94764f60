import Foundation
import SiangStore

extension PersonalDataCipher {
    /// A fixed data key for test stores (every store a test process opens seals with it, so a store
    /// reopened by a test reads what it wrote).
    public static let forTests: PersonalDataCipher = {
        let bytes = Data((0..<32).map { UInt8($0 &* 7 &+ 3) })
        // swiftlint:disable:next force_try
        return PersonalDataCipher(current: try! PersonalDataCipher.Key(bytes))
    }()
}
