import Foundation

/// The JSON Schema (draft 2020-12) of the `siang.scoring-core.v1` document, shipped with the module as
/// `Resources/scoring-core.v1.schema.json`: what the scoring core validates a push against, and what the
/// tests hold every document Siang writes to.
public enum ScoringCoreSchema {
    public static let id = "https://siang.go.th/schemas/scoring-core.v1.json"

    /// The schema file in the module's resources; nil only when the build lost its resources.
    public static var url: URL? {
        Bundle.module.url(forResource: "scoring-core.v1.schema", withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "scoring-core.v1.schema", withExtension: "json")
    }
}
