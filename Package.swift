// swift-tools-version:6.0
import PackageDescription

// Module map (see README, "Architecture"):
//   NeuralNet  pure Swift: the MLP, its maths and its files
//   Regions    pure Swift: the exact planar partition of a rectangle into linear regions
//   nnviz      the command-line front end
let package = Package(
    name: "nnviz",
    products: [
        .executable(name: "nnviz", targets: ["nnviz"]),
        .library(name: "NeuralNet", targets: ["NeuralNet"]),
        .library(name: "Regions", targets: ["Regions"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "NeuralNet"),
        .target(name: "Regions", dependencies: ["NeuralNet"]),
        .executableTarget(
            name: "nnviz",
            dependencies: [
                "NeuralNet", "Regions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "RegionsTests", dependencies: ["Regions", "NeuralNet"]),
    ]
)
