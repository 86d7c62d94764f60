import Foundation

/// Every column that holds personal data, sealed with ``PersonalDataCipher`` on both stores, and the
/// lookup columns that hold keyed hashes of some of them. Sealing an older store's plain values and a
/// key rotation both walk these tables (``SealedDataStore/resealPersonalData(batchSize:maxBatches:)``), a
/// batch of rows to a transaction, so a run that is cut off resumes where it stopped.
///
/// What is not here, and why (docs/pdpa.md): the complaint text and subject (searched and read by
/// staff, and counted by the reports), survey comments (emptied on a data-subject request), staff
/// usernames (sign-in).
public enum SealedColumns {
    public struct Table: Sendable {
        public let name: String
        /// The integer key the walk goes in order of.
        let id: String
        let text: [String]
        let bytes: [String]
        /// Lookup column ← the sealed text column it is the keyed hash of, and how it is normalised.
        let lookups: [(column: String, source: String, normalise: @Sendable (String?) -> String?)]
    }

    public static let tables: [Table] = [
        Table(name: "case_contacts", id: "case_id", text: ["name", "phone", "email", "line_user_id"], bytes: [],
              lookups: [("phone_key", "phone", ContactLookup.phone), ("email_key", "email", ContactLookup.email),
                        ("line_user_key", "line_user_id", ContactLookup.lineUser)]),
        Table(name: "staff_contacts", id: "user_id", text: ["email", "line_user_id"], bytes: [], lookups: []),
        Table(name: "attachments", id: "id", text: ["filename"], bytes: [], lookups: []),
        // A delivery error can quote the recipient (an SMTP server's "550 no such user <…>").
        Table(name: "outbox", id: "id", text: ["payload", "last_error"], bytes: [], lookups: []),
        Table(name: "inbox", id: "id", text: ["headers"], bytes: ["body"], lookups: []),
    ]

    /// One row as the walk reads it.
    struct Row: Sendable {
        var id: Int64
        var text: [String: String?]
        var bytes: [String: Data]
        /// The column values to write back (sealed text, bytes and lookups); nil when the row is sealed
        /// with the current key already.
        func resealed(in table: Table, with cipher: PersonalDataCipher) throws(DataKeyError) -> [String: SealedValue]? {
            let stale = table.text.contains { text[$0].flatMap { $0 }.map { !$0.isEmpty && PersonalDataCipher.keyID(ofSealed: $0) != cipher.current.id } ?? false }
                || table.bytes.contains { bytes[$0].map { !$0.isEmpty && PersonalDataCipher.keyID(ofSealed: $0) != cipher.current.id } ?? false }
            guard stale else { return nil }
            var out: [String: SealedValue] = [:]
            var plain: [String: String?] = [:]
            for column in table.text {
                let opened = try cipher.open(text[column] ?? nil)
                plain[column] = opened
                out[column] = .text(cipher.seal(opened))
            }
            for column in table.bytes {
                out[column] = .bytes(cipher.seal(bytes: try cipher.open(bytes: bytes[column] ?? Data())))
            }
            for lookup in table.lookups {
                out[lookup.column] = .text(lookup.normalise(plain[lookup.source] ?? nil).map { cipher.lookupKey($0) })
            }
            return out
        }
    }

    enum SealedValue: Sendable {
        case text(String?)
        case bytes(Data)
    }

    /// What a walk did, for the command's summary.
    public struct Progress: Sendable, Equatable {
        public var rowsResealed = 0
        public var batches = 0
        /// False when the walk stopped at its batch limit before the end.
        public var finished = false
        public init() {}
    }
}
