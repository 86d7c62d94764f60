import Testing
@testable import SiangServer
import SiangStore

/// A store that cannot answer now (PostgreSQL unreachable, or its retries of conflicting SERIALIZABLE
/// writes spent under load) is a reason to try again, not a fault: under the several-servers e2e test's
/// load the staff queue once answered 500.
@Suite("Store busy answers")
struct StoreBusyAnswerTests {
    @Test func anUnavailableStoreIsAnswered503WithRetryAfter() {
        let answer = APIError.from(StoreError.unavailable("PostgreSQL: 40001 could not serialize access"))
        #expect(answer.status == .serviceUnavailable)
        #expect(answer.code == "unavailable")
        #expect(answer.retryAfter == 1)
        #expect(!answer.message.contains("40001"), "the store's words stay in the log")
    }

    @Test func anUnreadableStoreStaysInternal() {
        #expect(APIError.from(StoreError.unreadable("an event that does not decode")).status == .internalServerError)
    }
}
