// swift-tools-version:6.0
import PackageDescription

// Module map (see README, "Architecture"):
//   NeuralNet   pure Swift: the MLP, training, datasets, model files
//   Regions     pure Swift: the exact planar partition of a rectangle into linear regions
//   CGtk        system library: GTK 4, Cairo (+ SVG/PDF), gdk-pixbuf headers
//   COpenBLAS   system library: Debian's OpenBLAS
//   FastMatrix  NeuralNet's matrix seam implemented with OpenBLAS
//   Drawing     Cairo renderers and image loading, no display needed
//   CGStreamer  system library: GStreamer and its app source
//   Media       training videos: frames encoded to WebM (VP8) through GStreamer
//   CShim       the little C that Swift cannot import (variadics, type macros, setvbuf)
//   GtkKit      thin Swift glue over GTK: casts, closure signals, main-loop hops
//   AppCore     the window's state and logic, without GTK or Cairo (unit-tested headless)
//   App         the window's widgets: forward input to AppCore, draw what it says changed
//   nnviz       the command-line front end
let package = Package(
    name: "nnviz",
    products: [
        .executable(name: "nnviz", targets: ["nnviz"]),
        .library(name: "NeuralNet", targets: ["NeuralNet"]),
        .library(name: "Regions", targets: ["Regions"]),
        .library(name: "Drawing", targets: ["Drawing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .target(name: "NeuralNet"),
        .target(name: "Regions", dependencies: ["NeuralNet"]),
        .systemLibrary(name: "CGtk", pkgConfig: "gtk4", providers: [.apt(["libgtk-4-dev"])]),
        .systemLibrary(
            name: "CGStreamer", pkgConfig: "gstreamer-app-1.0",
            providers: [.apt(["libgstreamer1.0-dev", "libgstreamer-plugins-base1.0-dev"])]),
        .target(name: "Media", dependencies: ["CGStreamer", "Drawing", "Regions", "NeuralNet"]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "FastMatrix", dependencies: ["NeuralNet", "COpenBLAS"]),
        .target(name: "Drawing", dependencies: ["NeuralNet", "Regions", "CGtk"]),
        .target(name: "CShim", dependencies: ["CGtk"]),
        .target(name: "GtkKit", dependencies: ["CGtk", "CShim"]),
        .target(name: "AppCore", dependencies: ["NeuralNet", "Regions", "FastMatrix"], resources: [.copy("Samples")]),
        .target(
            name: "App",
            dependencies: [
                "AppCore", "NeuralNet", "Regions", "FastMatrix", "Drawing", "Media", "CGtk", "CShim", "GtkKit",
            ]),
        .executableTarget(
            name: "nnviz",
            dependencies: [
                "NeuralNet", "Regions", "FastMatrix", "Drawing", "AppCore", "App", "Media",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "RegionsTests", dependencies: ["Regions", "NeuralNet"]),
        .testTarget(name: "TrainingTests", dependencies: ["NeuralNet", "FastMatrix", "Drawing", "Regions"]),
        .testTarget(
            name: "DrawingTests", dependencies: ["Drawing", "Regions", "NeuralNet", "CGtk"], exclude: ["Fixtures"]),
        .testTarget(name: "AppCoreTests", dependencies: ["AppCore", "NeuralNet", "Regions", "Drawing"]),
        .testTarget(name: "AppTests", dependencies: ["App", "AppCore", "NeuralNet", "Regions", "Drawing"]),
    ]
)
