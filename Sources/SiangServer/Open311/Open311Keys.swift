import Foundation
import SiangCore
import SiangStore

/// Open311 API keys as the CLI issues and lists them: random, shown once, kept only as their
/// SHA-256 (like staff tokens), so a copy of the database gives no one a working key.
public enum Open311Keys {
    /// `o311_` and 43 random URL-safe characters (32 bytes).
    public static func newKey() -> String { "o311_" + FormTokens.randomToken(bytes: 32) }

    public static func hash(_ key: String) -> String { StaffTokens.hash(key) }

    /// `siang open311 key list --json`: `{"keys":[{"name","createdAt","revokedAt","requestCount","lastUsedAt"}]}`,
    /// times in Bangkok with their offset; never a key or its hash.
    public static func listJSON(_ keys: [Open311Key]) -> String {
        struct Listed: Encodable {
            var name: String
            var createdAt: String
            var revokedAt: String?
            var requestCount: Int
            var lastUsedAt: String?
            enum CodingKeys: String, CodingKey { case name, createdAt, revokedAt, requestCount, lastUsedAt }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(name, forKey: .name)
                try c.encode(createdAt, forKey: .createdAt)
                try c.encode(revokedAt, forKey: .revokedAt)
                try c.encode(requestCount, forKey: .requestCount)
                try c.encode(lastUsedAt, forKey: .lastUsedAt)
            }
        }
        struct Document: Encodable { var keys: [Listed] }
        let document = Document(keys: keys.map {
            Listed(name: $0.name, createdAt: BangkokTime.iso8601($0.createdAt), revokedAt: $0.revokedAt.map(BangkokTime.iso8601),
                   requestCount: $0.requestCount, lastUsedAt: $0.lastUsedAt.map(BangkokTime.iso8601))
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data(#"{"keys":[]}"#.utf8), as: UTF8.self)
    }
}
