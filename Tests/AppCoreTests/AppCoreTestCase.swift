import AppCore
import Drawing
import Foundation
import NeuralNet
import XCTest

/// Images for the core through the same gdk-pixbuf loader the window uses.
struct TestImages: ImageSource {
    func loadColor(path: String, maxSide: Int) throws -> ColorImage {
        try ImageLoader.loadColor(URL(fileURLWithPath: path), maxSide: maxSide)
    }
}

/// The core without a display: its threads post to a queue the test drains on the main thread.
/// Test methods stay nonisolated (XCTest on Linux calls them on the main thread) and enter the
/// main actor with assumeIsolated.
class AppCoreTestCase: XCTestCase {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data")
        .standardized

    static func sample(_ name: String) -> String { data.appendingPathComponent(name).path }

    /// A core with its scheduler; shut down after `body`.
    func withCore(_ body: @MainActor (AppCore, QueueScheduler) throws -> Void) throws {
        try MainActor.assumeIsolated {
            let scheduler = QueueScheduler()
            let core = AppCore(scheduler: scheduler, images: TestImages(), partitionThreads: 1)
            defer { core.shutDown() }
            try body(core, scheduler)
        }
    }

    /// Opens an image and waits for its first partition.
    @MainActor
    static func open(
        _ name: String, in core: AppCore, _ s: QueueScheduler, file: StaticString = #filePath, line: UInt = #line
    ) {
        core.open(Self.sample(name))
        XCTAssertNil(core.message, file: file, line: line)
        XCTAssertTrue(s.run(until: { core.partition != nil }), "a partition arrives", file: file, line: line)
    }

    /// Trains until `epoch` and waits for the session to report that it stopped.
    @MainActor
    static func train(
        _ core: AppCore, _ s: QueueScheduler, to epoch: Int, file: StaticString = #filePath, line: UInt = #line
    ) {
        core.setEpochLimit(epoch)
        core.play()
        XCTAssertTrue(
            s.run(until: { core.liveEpoch >= epoch && !core.isTraining }, timeout: 60), "trains to epoch \(epoch)",
            file: file, line: line)
    }
}

/// Equal as float32 weights, the precision of model files and of the trainer.
func sameFloat32Weights(_ a: MLP?, _ b: MLP?) -> Bool {
    guard let a, let b, a.activation == b.activation, a.layers.count == b.layers.count else { return false }
    return zip(a.layers, b.layers).allSatisfy { la, lb in
        la.weight.map(Float.init) == lb.weight.map(Float.init) && la.bias.map(Float.init) == lb.bias.map(Float.init)
    }
}
