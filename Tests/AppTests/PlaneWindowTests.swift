import App
import Foundation
import NeuralNet
import Regions
import XCTest

/// A model with more than two inputs in the real window: the picker appears with the points,
/// clicks in its overview move the anchors, the map is the network on that plane, and the
/// exported figure and model are written.
final class PlaneWindowTests: XCTestCase {
    func testPickerClicksMoveTheAnchorsAndTheMapIsThePlane() throws {
        guard ProcessInfo.processInfo.environment["DISPLAY"] != nil else {
            throw XCTSkip("no DISPLAY: the window tests run under xvfb-run (scripts/test does this)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-plane-window-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var rng = SeededGenerator(seed: 21)
        let dims = [4, 10, 8, 1]
        let network = try GeneralNetwork(
            layers: (0..<3).map { i in
                DenseLayer(
                    inputs: dims[i], outputs: dims[i + 1],
                    weight: (0..<(dims[i] * dims[i + 1])).map { _ in rng.symmetric(1) },
                    bias: (0..<dims[i + 1]).map { _ in rng.symmetric(0.3) })
            }, activation: .leakyReLU(0.05))
        let model = folder.appendingPathComponent("four.safetensors").path
        try network.write(to: URL(fileURLWithPath: model), task: .binary, dtype: .f64)
        let points = folder.appendingPathComponent("points.csv").path
        let rows = (0..<25).map { _ in (0..<4).map { _ in String(rng.symmetric(2)) }.joined(separator: ",") }
        try (rows.joined(separator: "\n") + "\n").write(toFile: points, atomically: true, encoding: .utf8)

        try MainActor.assumeIsolated {
            guard let h = WindowHarness() else { throw XCTSkip("GTK could not open the display") }
            defer { h.close() }
            h.open(model)
            XCTAssertNotNil(h.core.planeRequest)
            h.core.openPoints(points)
            XCTAssertNil(h.message)
            XCTAssertTrue(h.pump(until: { h.isPlanePickerVisible }, timeout: 5), "the picker appears")
            XCTAssertTrue(h.pump(until: { h.partition != nil && h.mapIsUpToDate }, timeout: 20))
            XCTAssertEqual(h.core.plane?.anchors, [0, 1, 2])

            // Clicks in the overview: A, then B (the chosen anchor moves on after each).
            XCTAssertTrue(h.pump(until: { h.clickOverview(row: 5) }, timeout: 5), "the overview draws the points")
            XCTAssertEqual(h.core.plane?.anchors, [5, 1, 2])
            h.clickOverview(row: 9)
            XCTAssertEqual(h.core.plane?.anchors, [5, 9, 2])
            XCTAssertTrue(
                h.pump(until: { h.partition?.domain == h.core.plane?.slice.defaultDomain && h.mapIsUpToDate }))

            // Hovering anchor B on the map inspects the region holding it: its map is the
            // 4-input network at that data point.
            let plane = try XCTUnwrap(h.core.plane)
            let st = plane.slice.anchorCoordinates[1]
            let face = try XCTUnwrap(h.hover(st[0], st[1]))
            let m = try XCTUnwrap(h.partition?.maps(face: face).first)
            let direct = network.outputs(plane.points.rows[9])[0]
            XCTAssertEqual(m.a * st[0] + m.b * st[1] + m.c, direct, accuracy: 1e-9)

            let figure = folder.appendingPathComponent("plane.png").path
            h.exportMap(to: figure)
            XCTAssertNil(h.message)
            XCTAssertGreaterThan((try FileManager.default.attributesOfItem(atPath: figure)[.size] as? Int) ?? 0, 10_000)
            let saved = folder.appendingPathComponent("saved.safetensors").path
            h.saveModel(to: saved)
            XCTAssertEqual(try NetworkFile(contentsOf: URL(fileURLWithPath: saved)).network.inputCount, 4)
        }
    }
}
