import Foundation
import SiangStore
import SiangTestSupport
import Testing

/// The store contract: every test written with `@Test(arguments: StoreKind.allCases)` runs against
/// the embedded SQLite store and against PostgreSQL (a real server, ``TestPostgres``), each test on a
/// fresh, empty store.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A fresh, empty, migrated store of `kind`.
func freshStore(_ kind: StoreKind) async throws -> any AgencyStore {
    switch kind {
    case .sqlite:
        return try temporaryStore().0
    case .postgres:
        return try await MigratedPostgres.freshStore()
    }
}
