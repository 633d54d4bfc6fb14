// swift-tools-version:6.2
import PackageDescription

/// libFuzzer targets for what reads untrusted bytes: the image decoders and normaliser, stroke
/// uploads and number segmentation, the multipart and form readers, and JSON bodies.
///
/// A package of its own so that the sanitizer build never touches the project's: `run.sh`
/// builds it with `-sanitize=fuzzer,address`.
let targets = ["FuzzImage", "FuzzStrokes", "FuzzMultipart", "FuzzForm", "FuzzJSONBody"]

let package = Package(
    name: "DigitReaderFuzz",
    dependencies: [.package(name: "DigitReader", path: "../..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CFuzzerDriver", .product(name: "DigitReaderCore", package: "DigitReader")]
        ),
    ] + targets.map {
        .executableTarget(
            name: $0,
            dependencies: [
                "FuzzSupport",
                .product(name: "DigitReaderCore", package: "DigitReader"),
                .product(name: "DigitReaderServer", package: "DigitReader"),
            ]
        )
    }
)
