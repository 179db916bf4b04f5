// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "glaas",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "glaas", targets: ["glaas"]),
        .executable(name: "roar", targets: ["roar"]),
        .library(name: "LineageModel", targets: ["LineageModel"]),
        .library(name: "LineageStore", targets: ["LineageStore"]),
        .library(name: "SQLiteLineageStore", targets: ["SQLiteLineageStore"]),
        .library(name: "PostgresLineageStore", targets: ["PostgresLineageStore"]),
        .library(name: "LineageExport", targets: ["LineageExport"]),
        .library(name: "GLaaSHTTP", targets: ["GLaaSHTTP"]),
        .library(name: "GLaaSServer", targets: ["GLaaSServer"]),
        .library(name: "GLaaSWeb", targets: ["GLaaSWeb"]),
        .library(name: "BLAKE3Hashing", targets: ["BLAKE3Hashing"]),
        .library(name: "RoarTrace", targets: ["RoarTrace"]),
        .library(name: "RoarEnvironment", targets: ["RoarEnvironment"]),
        .library(name: "ArtifactStorage", targets: ["ArtifactStorage"]),
        .library(name: "SSHSignatures", targets: ["SSHSignatures"]),
        .library(name: "GLaaSClient", targets: ["GLaaSClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .target(
            name: "LineageModel",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CBLAKE3",
            path: "Sources/CBLAKE3",
            // The kernels are written for an optimizing compiler (the AVX-512 rounds as
            // intrinsics): debug builds optimize them too, so tests hash at full speed.
            cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]
        ),
        .target(
            name: "BLAKE3Hashing",
            dependencies: ["CBLAKE3"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CRoarTrace",
            path: "Sources/CRoarTrace"
        ),
        .target(
            name: "RoarTrace",
            dependencies: ["CRoarTrace"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RoarEnvironment",
            dependencies: ["LineageModel"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ArtifactStorage",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RoarKit",
            dependencies: [
                "LineageModel",
                "RoarTrace",
                "BLAKE3Hashing",
                "RoarEnvironment",
                "ArtifactStorage",
                "GLaaSClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SSHSignatures",
            dependencies: [
                "LineageModel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GLaaSClient",
            dependencies: [
                "LineageModel",
                "SSHSignatures",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "roar",
            dependencies: [
                "RoarKit",
                "LineageModel",
                "BLAKE3Hashing",
                "GLaaSClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "roar-trace",
            dependencies: ["RoarTrace"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LineageStore",
            dependencies: ["LineageModel"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SQLiteLineageStore",
            dependencies: [
                "LineageModel",
                "LineageStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LineageExport",
            dependencies: [
                "LineageModel",
                "LineageStore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GLaaSHTTP",
            dependencies: [
                "LineageModel",
                "LineageStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PostgresLineageStore",
            dependencies: [
                "LineageModel",
                "LineageStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GLaaSWeb",
            dependencies: [
                "LineageModel",
                "LineageStore",
                "GLaaSHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GLaaSServer",
            dependencies: [
                "LineageModel",
                "LineageStore",
                "LineageExport",
                "SSHSignatures",
                "GLaaSHTTP",
                "GLaaSWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "glaas",
            dependencies: [
                "GLaaSServer",
                "SSHSignatures",
                "LineageModel",
                "LineageStore",
                "LineageExport",
                "SQLiteLineageStore",
                "PostgresLineageStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "glaas-bench",
            dependencies: [
                "LineageStore",
                "SQLiteLineageStore",
                "PostgresLineageStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                "LineageModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/glaas-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "blake3-bench",
            dependencies: ["BLAKE3Hashing"],
            path: "Benchmarks/blake3-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "roar-bench",
            path: "Benchmarks/roar-bench",
            swiftSettings: swiftSettings
        ),
        // Tests. TestSupport is what several test targets share (stores, a glaas process,
        // ports, digests, fixtures, the external tools). The in-process targets form the fast
        // lane; GLaaSProcessTests, RoarProcessTests and ExternalToolTests start programs
        // (glaas, roar, roar-cli, python venvs, moto, chromium) and run in bounded runs of
        // their own in scripts/test.sh.
        .target(
            name: "TestSupport",
            dependencies: [
                "LineageModel",
                "LineageStore",
                "SQLiteLineageStore",
                "PostgresLineageStore",
                "GLaaSServer",
                "SSHSignatures",
                "BLAKE3Hashing",
                "RoarKit",
                "ArtifactStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LineageModelTests",
            dependencies: ["LineageModel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BLAKE3Tests",
            dependencies: ["BLAKE3Hashing", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RoarEnvironmentTests",
            dependencies: ["RoarEnvironment", "LineageModel", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RoarTraceTests",
            dependencies: ["RoarTrace", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArtifactStorageTests",
            dependencies: [
                "ArtifactStorage", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RoarKitTests",
            dependencies: ["RoarKit", "RoarTrace", "LineageModel", "GLaaSClient", "SSHSignatures", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LineageStoreTests",
            dependencies: [
                "LineageStore", "LineageExport", "LineageModel", "PostgresLineageStore", "SQLiteLineageStore", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GLaaSServerTests",
            dependencies: [
                "GLaaSServer",
                "GLaaSHTTP",
                "LineageExport",
                "LineageStore",
                "LineageModel",
                "SSHSignatures",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GLaaSWebTests",
            dependencies: [
                "GLaaSWeb",
                "GLaaSHTTP",
                "GLaaSServer",
                "LineageStore",
                "LineageModel",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GLaaSProcessTests",
            dependencies: [
                "GLaaSServer",
                "LineageModel",
                "LineageStore",
                "LineageExport",
                "SQLiteLineageStore",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RoarProcessTests",
            dependencies: ["RoarKit", "LineageModel", "GLaaSClient", "ArtifactStorage", "BLAKE3Hashing", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExternalToolTests",
            dependencies: [
                "ArtifactStorage",
                "GLaaSServer",
                "LineageExport",
                "LineageModel",
                "LineageStore",
                "TestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
