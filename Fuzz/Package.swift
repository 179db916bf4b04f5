// swift-tools-version:6.2
// libFuzzer targets for glaas's parsers of outside input (docs/testing.md, "Fuzzing"). A package
// of its own, so that the main build never sees them: scripts/fuzz.sh builds it with
// `--sanitize=fuzzer` into .build-fuzz and runs each target for a bounded time
// on its seed corpus in Fuzz/Corpus/<name>.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // libFuzzer supplies `main`; each target only defines LLVMFuzzerTestOneInput.
    .unsafeFlags(["-parse-as-library"]),
]

let package = Package(
    name: "glaas-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "glaas", path: "..")],
    targets: [
        // What the request-body targets share: running a route's body reader and requiring that
        // any error it throws is answered with a 4xx, never a 500.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "GLaaSHTTP", package: "glaas"),
                .product(name: "LineageModel", package: "glaas"),
                .product(name: "LineageStore", package: "glaas"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "fuzz-json",
            dependencies: [.product(name: "LineageModel", package: "glaas")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "fuzz-sshsig",
            dependencies: [.product(name: "SSHSignatures", package: "glaas")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "fuzz-digest-prefix",
            dependencies: [
                .product(name: "LineageModel", package: "glaas"),
                .product(name: "GLaaSWeb", package: "glaas"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "fuzz-v1-payload",
            dependencies: ["FuzzSupport", .product(name: "GLaaSServer", package: "glaas")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "fuzz-openlineage",
            dependencies: ["FuzzSupport", .product(name: "GLaaSServer", package: "glaas")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "fuzz-import-line",
            dependencies: [
                .product(name: "LineageExport", package: "glaas"),
                .product(name: "LineageModel", package: "glaas"),
                .product(name: "LineageStore", package: "glaas"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
