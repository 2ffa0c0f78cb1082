// swift-tools-version: 6.0
import PackageDescription

/// What the test targets that drive a stand-in homeserver or the appservice endpoint import.
let serverTestProducts: [Target.Dependency] = [
    .product(name: "Hummingbird", package: "hummingbird"),
    .product(name: "HummingbirdTesting", package: "hummingbird"),
    .product(name: "HTTPTypes", package: "swift-http-types"),
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "GRDB", package: "GRDB.swift"),
    .product(name: "Logging", package: "swift-log"),
]

let package = Package(
    name: "Troupe",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "troupe", targets: ["troupe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COlm",
            pkgConfig: "olm",
            providers: [.apt(["libolm-dev"])]
        ),
        // Back-off arithmetic and cancellation-aware retry shared by MatrixAppService, Agents and Bridge;
        // depends on nothing so neither of the first two has to import the other.
        .target(name: "Retry"),
        // Metric names and a per-label cache over swift-metrics; the modules record through it and never see
        // the exporter (Prometheus is bootstrapped by `troupe run` only when `metrics.enabled`).
        .target(name: "TroupeMetrics", dependencies: [.product(name: "CoreMetrics", package: "swift-metrics")]),
        // cmark-gfm ships a .pc for the core library only; the module map links the extensions library too.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "Markdown", dependencies: ["CCmark"]),
        // vips.pc's flags carry -pthread (from gio), which SwiftPM drops with a warning; the headers need only glib's
        // include paths, and the module map links libvips and gobject.
        .systemLibrary(
            name: "CVips",
            pkgConfig: "glib-2.0",
            providers: [.apt(["libvips-dev"])]
        ),
        // Images users send, shrunk and converted before an agent reads them; the only target that links libvips.
        .target(name: "Images", dependencies: ["CVips"]),
        // Schedules for jobs and heartbeats: cron expressions, intervals, one-off times, in a time zone.
        .target(name: "Automation"),
        // The PostgreSQL plumbing every store driver shares: the URI, the client, migrations and the active/standby
        // lock. Each module keeps its own Postgres stores and schema next to its SQLite ones.
        .target(
            name: "TroupePostgres",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "MatrixAppService",
            dependencies: [
                "Retry",
                "TroupePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                "TroupeMetrics",
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // Olm/megolm, device lists, key sharing, cross-signing and the crypto store: the only target that
        // links libolm. MatrixAppService reaches it through `RoomEventEncryptor` and `RoomEventDecryptor`.
        .target(
            name: "MatrixCrypto",
            dependencies: [
                "MatrixAppService",
                "COlm",
                "TroupePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                "TroupeMetrics",
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "Agents",
            dependencies: [
                "Retry",
                "TroupePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "TroupeMetrics",
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "AgentControl",
            dependencies: [
                "Agents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Bridge",
            dependencies: [
                "MatrixAppService",
                "MatrixCrypto",
                "Agents",
                "AgentControl",
                "Retry",
                "Markdown",
                "Automation",
                "Images",
                "TroupePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "TroupeMetrics",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "troupe",
            dependencies: [
                "Bridge",
                "TroupePostgres",
                "AgentControl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "IngestBench",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/IngestBench"
        ),
        .executableTarget(
            name: "AgentsBench",
            dependencies: ["Agents", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/AgentsBench"
        ),
        .executableTarget(
            name: "OlmBench",
            dependencies: ["MatrixAppService", "MatrixCrypto", "OlmCBaseline"],
            path: "Benchmarks/OlmBench",
            exclude: ["CBaseline"]
        ),
        .executableTarget(name: "ImagesBench", dependencies: ["Images"], path: "Benchmarks/ImagesBench"),
        .target(name: "OlmCBaseline", dependencies: ["COlm"], path: "Benchmarks/OlmBench/CBaseline"),
        // Starts the throwaway PostgreSQL cluster (scripts/pg-cluster.sh) once per test process, a database per test.
        .target(
            name: "PostgresTestSupport",
            dependencies: ["TroupePostgres", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")],
            path: "Tests/PostgresTestSupport"
        ),
        .testTarget(
            name: "MatrixAppServiceTests",
            dependencies: ["MatrixAppService", "TroupePostgres", "PostgresTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")]
                + serverTestProducts
        ),
        .testTarget(
            name: "TroupePostgresTests",
            dependencies: ["TroupePostgres", "PostgresTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "MatrixCryptoTests",
            dependencies: ["MatrixAppService", "MatrixCrypto", "TroupePostgres", "PostgresTestSupport",
                           .product(name: "PostgresNIO", package: "postgres-nio")] + serverTestProducts
        ),
        .testTarget(name: "RetryTests", dependencies: ["Retry"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "AutomationTests", dependencies: ["Automation"]),
        .testTarget(name: "ImagesTests", dependencies: ["Images"]),
        .testTarget(
            name: "AgentsTests",
            dependencies: ["Agents", "Retry", "TroupePostgres", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(
            name: "BridgeTests",
            dependencies: ["Bridge", "AgentControl", "MatrixAppService", "MatrixCrypto", "Agents", "Images", "TroupeMetrics",
                           "TroupePostgres", "PostgresTestSupport"] + serverTestProducts + [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
