// swift-tools-version:6.2
import PackageDescription

/// The recognizer modules, one folder each under `Plugins/`.
/// Adding a recognizer: add its folder, one line here, and one line in
/// `Sources/DigitReaderModules/RegisteredModules.swift`.
let recognizerModules: [(target: String, folder: String)] = [
    ("SoftmaxRecognizer", "softmax"),
    ("ShallowCNNRecognizer", "shallow-cnn"),
    ("MultilayerCNNRecognizer", "multilayer-cnn"),
    ("WideCNNRecognizer", "wide-cnn"),
]

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "DigitReader",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "digit-reader", targets: ["DigitReaderCLI"]),
        .library(name: "DigitReaderCore", targets: ["DigitReaderCore"]),
        .library(name: "DigitReaderTraining", targets: ["DigitReaderTraining"]),
        // For the libFuzzer targets in Tests/fuzz, which read uploads as the server does.
        .library(name: "DigitReaderServer", targets: ["DigitReaderServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.0.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.25.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.6.0", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "CImageCodecs",
            path: "Sources/CImageCodecs",
            linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg")]
        ),
        .target(
            name: "DigitReaderCore",
            dependencies: ["CBLAS", "CZlib", "CImageCodecs"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DigitReaderTraining",
            dependencies: ["DigitReaderCore", "CBLAS", "CZlib", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DigitReaderModules",
            dependencies: ["DigitReaderCore"] + recognizerModules.map { .target(name: $0.target) },
            resources: [.copy("ensemble.json"), .copy("whole-digit-verifier.weights")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DigitReaderStorage",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DigitReaderServer",
            dependencies: [
                "DigitReaderCore",
                "DigitReaderStorage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("openapi.json")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "DigitReaderCLI",
            dependencies: [
                "DigitReaderCore",
                "DigitReaderTraining",
                "DigitReaderModules",
                "DigitReaderServer",
                "DigitReaderStorage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DigitReaderCoreTests",
            dependencies: ["DigitReaderCore", "DigitReaderTraining"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RecognizerContractTests",
            dependencies: ["DigitReaderCore", "DigitReaderTraining", "DigitReaderModules"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DigitReaderServerTests",
            dependencies: [
                "DigitReaderCore",
                "DigitReaderTraining",
                "DigitReaderServer",
                "DigitReaderStorage",
                "DigitReaderModules",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
    ] + recognizerModules.map {
        .target(
            name: $0.target,
            dependencies: ["DigitReaderCore"],
            path: "Plugins/\($0.folder)",
            resources: [.copy("Weights")],
            swiftSettings: strictSettings
        )
    }
)
