// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for nnviz's untrusted inputs. Built by scripts/fuzz with
// -sanitize=fuzzer,address; not part of the main build (a fuzz target has no main).
let package = Package(
    name: "nnviz-fuzz",
    dependencies: [.package(name: "nnviz", path: "../..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "FuzzSafetensors", dependencies: ["FuzzDriver", .product(name: "NeuralNet", package: "nnviz")]),
        .executableTarget(
            name: "FuzzImageDataset",
            dependencies: [
                "FuzzDriver", .product(name: "NeuralNet", package: "nnviz"),
                .product(name: "Drawing", package: "nnviz"),
            ]),
    ]
)
