import App
import AppCore
import Foundation
import NeuralNet
import Regions
import XCTest

/// The network view in the real window under Xvfb: a hovered neuron's hyperplane appears in the
/// map in the focus colour, and only then; the map after layer k exports.
final class NetworkViewWindowTests: XCTestCase {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data")
        .standardized

    private func withWindow(_ body: @MainActor (WindowHarness) throws -> Void) throws {
        guard ProcessInfo.processInfo.environment["DISPLAY"] != nil else {
            throw XCTSkip("no DISPLAY: the window tests run under xvfb-run (scripts/test does this)")
        }
        try MainActor.assumeIsolated {
            guard let h = WindowHarness() else { throw XCTSkip("GTK could not open the display") }
            defer { h.close() }
            try body(h)
        }
    }

    /// Pixels of the focus colour (saturated cyan: no red, strong green and blue).
    private static func focusPixels(_ pixels: [UInt32]) -> Int {
        pixels.filter { w in (w >> 16) & 0xFF < 60 && (w >> 8) & 0xFF > 160 && w & 0xFF > 200 }.count
    }

    func testAHoveredNeuronsHyperplaneIsTheOnlyFocusColourInTheMap() throws {
        try withWindow { h in
            h.core.setHiddenWidths([8, 8, 8])
            h.open(Self.data.appendingPathComponent("disk64.png").path)
            XCTAssertTrue(h.pump(until: { h.isWindowMapped && h.partition != nil && h.mapIsUpToDate }, timeout: 20))
            let p = try XCTUnwrap(h.partition)
            let index = try XCTUnwrap((0..<8).first { p.edges(ofNeuron: 1, index: $0).count > 2 })
            let before = h.mapPixels()
            XCTAssertGreaterThan(before.count, 10000, "the map's picture")
            XCTAssertEqual(Self.focusPixels(before), 0, "nothing in the focus colour before a hover")
            h.hoverNeuron(layer: 2, index: index)
            XCTAssertEqual(h.core.hoverNeuron?.layer, 2)
            XCTAssertEqual(h.core.hoverNeuron?.index, index)
            XCTAssertGreaterThan(Self.focusPixels(h.mapPixels()), 30, "its bent hyperplane in the focus colour")
            h.leaveNetwork()
            XCTAssertNil(h.core.hoverNeuron)
            XCTAssertEqual(Self.focusPixels(h.mapPixels()), 0, "gone with the hover")

            // The map after layer 1, exported with the cut network's regions.
            h.core.setUpToLayer(1)
            XCTAssertTrue(h.pump(until: { h.core.mapPartition != nil && h.mapIsUpToDate }, timeout: 20))
            XCTAssertEqual(h.core.mapPartition?.hiddenWidths, [8])
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-layer1-\(getpid()).png")
            defer { try? FileManager.default.removeItem(at: url) }
            h.exportMap(to: url.path)
            XCTAssertNil(h.message)
            XCTAssertGreaterThan(try Data(contentsOf: url).count, 5000)
        }
    }
}
