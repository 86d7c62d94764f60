import Foundation
import SiangCore

/// What the Open311 GeoReport v2 endpoints (DESIGN.md 5.10) need of a store: the API keys that
/// outside systems post with, stored only as their SHA-256 like staff tokens, each with a count of
/// the requests made with it; and the service-request list, filtered in the query so a page never
/// reads more cases than it answers with.
public protocol Open311Store: Sendable {
    /// Adds a key under a unique name; throws ``StoreError/invalid(_:)`` when the name is taken.
    func addOpen311Key(name: String, hash: String, at: Date) async throws(StoreError) -> Open311Key
    /// The active (not revoked) key with this hash, or nil.
    func open311Key(hash: String) async throws(StoreError) -> Open311Key?
    /// Revokes the named key; false when there is no active key by that name.
    func revokeOpen311Key(name: String, at: Date) async throws(StoreError) -> Bool
    /// Every key, revoked ones too, in the order they were added.
    func open311Keys() async throws(StoreError) -> [Open311Key]
    /// Counts one request made with the key.
    func countOpen311Request(keyID: Int64, at: Date) async throws(StoreError)
    /// The tracking IDs of the cases the query selects, most recently received first.
    func open311RequestIDs(_ query: Open311RequestQuery) async throws(StoreError) -> [TrackingID]
}

/// One Open311 API key as the store keeps it: never the key itself, only its hash.
public struct Open311Key: Sendable, Equatable {
    public var id: Int64
    /// Who the key was issued to (a civic app, another agency's system), as the admin named it.
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?
    public var requestCount: Int
    public var lastUsedAt: Date?

    public init(id: Int64, name: String, createdAt: Date, revokedAt: Date? = nil, requestCount: Int = 0, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.requestCount = requestCount
        self.lastUsedAt = lastUsedAt
    }
}

/// The cases a `GET requests` asks for: received in `[receivedFrom, receivedUntil]`, in one of
/// `categories` (all when nil), in one of `statuses` (all when nil), never in `hiddenCategories`
/// (restricted ones, such as corruption reports), at most `limit` of them.
public struct Open311RequestQuery: Sendable, Equatable {
    public var receivedFrom: Date
    public var receivedUntil: Date
    public var categories: [String]?
    public var statuses: [Status]?
    public var hiddenCategories: [String]
    public var limit: Int

    public init(receivedFrom: Date, receivedUntil: Date, categories: [String]? = nil, statuses: [Status]? = nil,
                hiddenCategories: [String] = [], limit: Int) {
        self.receivedFrom = receivedFrom
        self.receivedUntil = receivedUntil
        self.categories = categories
        self.statuses = statuses
        self.hiddenCategories = hiddenCategories
        self.limit = limit
    }
}
