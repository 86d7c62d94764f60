// swift-tools-version:6.1
// Siang (เสียง): complaint and stakeholder-voice tracking for Thai public agencies.
// The layout follows ../shared/DESIGN.md section 3: Channels -> pipeline -> store -> Reports.

import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// The domain module is optimised even in debug builds: training the classifier and business-time
/// arithmetic are hot loops, and an unoptimised build makes `make run` and every CLI call slow.
let optimisedCore: [SwiftSetting] = strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "siang",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "siang", targets: ["siang"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // HTTP parts as Hummingbird's channel pipeline carries them, for the connection timeouts and cap.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The scale-out store (DESIGN.md 5.11): PostgreSQL with a connection pool.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Domain: pure, deterministic, no I/O beyond decoding the configuration it is handed.
        .target(
            name: "SiangCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            path: "Sources/SiangCore",
            resources: [.copy("Resources")],
            swiftSettings: optimisedCore,
            // ICU's Thai word break iterator, which Foundation on Linux carries (WordBreaker).
            linkerSettings: [.linkedLibrary("_FoundationICU", .when(platforms: [.linux]))]
        ),
        // Persistence behind one protocol; SQLite through GRDB on the system libsqlite3.
        .target(
            name: "SiangStore",
            dependencies: [
                "SiangCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the few inserts a bulk import repeats per row (RowInsert.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Sources/SiangStore",
            swiftSettings: strict
        ),
        // The one intake path every channel uses.
        .target(
            name: "SiangPipeline",
            dependencies: [
                "SiangCore", "SiangStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/SiangPipeline",
            swiftSettings: strict
        ),
        // Channel adapters: a foreign format in, an Intake out.
        .target(
            name: "WebForm",
            dependencies: ["SiangCore"],
            path: "Channels/WebForm",
            swiftSettings: strict
        ),
        .target(
            name: "Email",
            dependencies: ["SiangCore", "SiangStore", "SiangPipeline", "SiangDelivery", .product(name: "Logging", package: "swift-log")],
            path: "Channels/Email",
            swiftSettings: strict
        ),
        .target(
            name: "Hotline",
            dependencies: ["SiangCore", "SiangStore", "SiangPipeline", .product(name: "Logging", package: "swift-log")],
            path: "Channels/Hotline",
            swiftSettings: strict
        ),
        .target(
            name: "LINE",
            dependencies: [
                "SiangCore", "SiangStore", "SiangPipeline", "SiangDelivery",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Channels/LINE",
            swiftSettings: strict
        ),
        // libcurl for HTTPS, IMAP and SMTP (used by the LINE, email and scoring-core clients).
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Delivering side effects: the outbox dispatcher and the libcurl clients it uses.
        .target(
            name: "SiangDelivery",
            dependencies: [
                "SiangCore", "SiangStore", "CCurl", .product(name: "Logging", package: "swift-log"),
                // The SHA-256 of a scoring-core document, its Idempotency-Key.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/SiangDelivery",
            swiftSettings: strict
        ),
        // Aggregations and report rendering (7.2 metrics, category 3 evidence).
        .target(
            name: "SiangReports",
            dependencies: [
                "SiangCore", "SiangStore",
                .product(name: "Yams", package: "Yams"),
                // XLSX is a zip of XML parts (ECMA-376); the archive is written with ZIPFoundation.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Reports",
            // The metric catalog (metrics.yaml) ships with the module; agencies override it by id.
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .target(
            name: "SiangServer",
            dependencies: [
                "SiangCore", "SiangStore", "SiangPipeline", "WebForm", "LINE",
                // The reports pages and API, and the SVG charts of the dashboard (Reports/Rendering/Charts).
                "SiangReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Sources/SiangServer",
            resources: [.copy("Templates"), .copy("Public"), .copy("openapi.yaml")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "siang",
            dependencies: [
                "SiangServer", "SiangStore", "SiangCore", "SiangPipeline", "SiangDelivery", "SiangReports", "WebForm", "Hotline", "Email", "LINE",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/siang",
            swiftSettings: strict
        ),
        // Benchmarks (bench/README.md): a minimal Hummingbird server as the same-run baseline, and a
        // seeder that fills a data directory with realistic cases through the real intake path.
        .executableTarget(
            name: "siang-bench-baseline",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "bench/Baseline",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "siang-bench-seed",
            dependencies: ["SiangCore", "SiangStore", "SiangPipeline"],
            path: "bench/Seed",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ClassifierBench",
            dependencies: ["SiangCore"],
            path: "bench/classifier",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "MIMEBench",
            dependencies: ["Email"],
            path: "bench/mime",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "HotlineBench",
            dependencies: ["Hotline"],
            path: "bench/hotline",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ReportEngineBench",
            dependencies: ["SiangReports", "SiangCore"],
            path: "bench/report_engine",
            swiftSettings: strict
        ),
        // Helpers shared by the test targets.
        .target(
            name: "SiangTestSupport",
            dependencies: ["SiangCore", "SiangStore"],
            path: "Tests/SiangTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SiangCoreTests",
            dependencies: ["SiangCore", "SiangTestSupport"],
            path: "Tests/SiangCoreTests",
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SiangReportsTests",
            dependencies: [
                "SiangReports", "SiangCore", "SiangStore", "SiangTestSupport",
                // The XLSX tests open the workbook as a zip, as Excel does.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/SiangReportsTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SiangStoreTests",
            dependencies: ["SiangStore", "SiangPipeline", "SiangTestSupport"],
            path: "Tests/SiangStoreTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SiangPipelineTests",
            dependencies: ["SiangPipeline", "SiangStore", "SiangCore", "SiangTestSupport"],
            path: "Tests/SiangPipelineTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "EmailTests",
            dependencies: ["Email", "SiangTestSupport"],
            path: "Tests/EmailTests",
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HotlineTests",
            dependencies: ["Hotline", "SiangCore", "SiangStore", "SiangPipeline", "SiangTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/HotlineTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "LINETests",
            dependencies: [
                "LINE", "SiangCore", "SiangStore", "SiangPipeline", "SiangDelivery", "SiangServer", "SiangTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/LINETests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SiangDeliveryTests",
            dependencies: ["SiangDelivery", "SiangStore", "SiangCore", "SiangTestSupport"],
            path: "Tests/SiangDeliveryTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SiangServerTests",
            dependencies: [
                "SiangServer", "SiangPipeline", "SiangTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Tests/SiangServerTests",
            swiftSettings: strict
        ),
    ]
)

// Fuzz targets (Fuzz/README.md): libFuzzer executables, one per parser of outside input. They link
// libFuzzer's own `main`, so they exist only when `make fuzz` asks for them with SIANG_FUZZ=1 and
// builds with `-sanitize=fuzzer,address` in its own scratch path; `swift build` never sees them.
if Context.environment["SIANG_FUZZ"] == "1" {
    let fuzzTargets: [(name: String, folder: String, dependencies: [Target.Dependency])] = [
        ("fuzz-tracking-id", "TrackingID", ["SiangCore"]),
        ("fuzz-survey-csv", "SurveyCSV", ["SiangCore"]),
        ("fuzz-mime", "MIME", ["Email"]),
        ("fuzz-hotline-csv", "HotlineCSV", ["Hotline"]),
        ("fuzz-line-webhook", "LINEWebhook", ["LINE"]),
        ("fuzz-form-body", "FormBody", ["SiangServer", .product(name: "NIOCore", package: "swift-nio")]),
    ]
    package.targets.append(.target(name: "LibFuzzerDriver", path: "Fuzz/LibFuzzerDriver"))
    for target in fuzzTargets {
        package.targets.append(.executableTarget(
            name: target.name, dependencies: target.dependencies + ["LibFuzzerDriver"], path: "Fuzz/\(target.folder)",
            swiftSettings: strict))
    }
}
