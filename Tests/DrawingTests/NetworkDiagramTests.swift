import CGtk
import Drawing
import Foundation
import NeuralNet
import Regions
import XCTest

/// The network diagram at real widths, checked pixel by pixel against forward passes.
final class NetworkDiagramTests: TemporaryFolderTestCase {
    private func render(_ name: String, width: Int, height: Int, _ draw: (Canvas) -> Void) throws -> Image {
        let url = dir.appendingPathComponent(name)
        try Figure.write(to: url, format: .png, width: width, height: height, draw: draw)
        return try Image(url)
    }

    /// A PNG's pixels as 0…255 channels.
    struct Image {
        let width: Int
        let height: Int
        let data: [UInt32]

        init(_ url: URL) throws {
            let s = try XCTUnwrap(cairo_image_surface_create_from_png(url.path))
            defer { cairo_surface_destroy(s) }
            width = Int(cairo_image_surface_get_width(s))
            height = Int(cairo_image_surface_get_height(s))
            let stride = Int(cairo_image_surface_get_stride(s))
            let base = try XCTUnwrap(cairo_image_surface_get_data(s))
            var out = [UInt32](repeating: 0, count: width * height)
            for j in 0..<height {
                let row = UnsafeRawPointer(base + j * stride).assumingMemoryBound(to: UInt32.self)
                for i in 0..<width { out[j * width + i] = row[i] }
            }
            data = out
        }

        func rgb(_ x: Double, _ y: Double) -> (Int, Int, Int) {
            let w = data[Int(y) * width + Int(x)]
            return (Int((w >> 16) & 0xFF), Int((w >> 8) & 0xFF), Int(w & 0xFF))
        }

        /// Pixels exactly of colour `c`.
        func count(_ c: RGBA) -> Int {
            let want = (Int((c.r * 255).rounded()), Int((c.g * 255).rounded()), Int((c.b * 255).rounded()))
            return data.filter { w in
                (Int((w >> 16) & 0xFF), Int((w >> 8) & 0xFF), Int(w & 0xFF)) == want
            }.count
        }
    }

    private func close(_ got: (Int, Int, Int), _ want: RGBA, _ tolerance: Int = 2) -> Bool {
        abs(got.0 - Int((want.r * 255).rounded())) <= tolerance
            && abs(got.1 - Int((want.g * 255).rounded())) <= tolerance
            && abs(got.2 - Int((want.b * 255).rounded())) <= tolerance
    }

    /// Each neuron's expected fill at a point: its pre-activation on the layer's diverging scale.
    private func fills(_ mlp: MLP, _ p: Point2) -> [[RGBA]] {
        let values = [[p.x, p.y]] + mlp.preActivations(p.x, p.y) + [mlp.outputs(p.x, p.y)]
        return values.map { v in
            let scale = max(v.map(abs).max() ?? 1, 1e-12)
            return v.map { Palette.diverging($0 / scale) }
        }
    }

    /// 256 neurons per layer: each hidden neuron has a cell of its own, filled with the colour of
    /// its own pre-activation, and the pointer over the cell finds that neuron.
    func testEveryNeuronOfA256WideLayerHasItsOwnCell() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [256, 256, 256], activation: .leakyReLU(0.02), seed: 3)
        let point = Point2(0.3, -0.2)
        var style = NetworkStyle()
        style.point = point
        style.title = "Network 2 → 256 → 256 → 256 → 1"
        let box = (20.0, 10.0, 860.0, 740.0)
        let image = try render("net256.png", width: 900, height: 760) {
            NetworkRenderer.draw($0, mlp, box: box, style: style)
        }
        let layout = NetworkRenderer.layout(mlp, box: box, title: true)
        let want = fills(mlp, point)
        for l in 1...3 {
            let column = layout.columns[l]
            XCTAssertTrue(column.compact)
            XCTAssertEqual(column.count, 256)
            XCTAssertGreaterThanOrEqual(column.cell, 8, "cells large enough to point at")
            var centres = Set<String>()
            for i in 0..<256 {
                let c = column.position(i)
                centres.insert("\(Int(c.x)),\(Int(c.y))")
                XCTAssertEqual(layout.neuron(at: c.x, c.y), NeuronID(layer: l, index: i))
                XCTAssertTrue(
                    close(image.rgb(c.x, c.y), want[l][i]), "layer \(l) neuron \(i): \(image.rgb(c.x, c.y))")
            }
            XCTAssertEqual(centres.count, 256, "256 distinct cells in layer \(l)")
        }
    }

    /// 64 neurons per layer are circles: all drawn in their own colour and each hoverable.
    func testEveryNeuronOfA64WideLayerIsDrawnAndHoverable() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [64, 64, 64, 64], activation: .relu, seed: 5)
        let point = Point2(-0.4, 0.5)
        let box = (20.0, 10.0, 860.0, 540.0)
        let image = try render("net64.png", width: 900, height: 560) {
            NetworkRenderer.draw($0, mlp, box: box, point: point, highlight: nil)
        }
        let layout = NetworkRenderer.layout(mlp, box: box)
        let want = fills(mlp, point)
        for l in 1...4 {
            let column = layout.columns[l]
            XCTAssertFalse(column.compact)
            for i in 0..<64 {
                let c = column.position(i)
                XCTAssertEqual(layout.neuron(at: c.x + 1, c.y + 1), NeuronID(layer: l, index: i))
                XCTAssertTrue(close(image.rgb(c.x, c.y), want[l][i], 12), "layer \(l) neuron \(i)")
            }
        }
    }

    /// The focus colour marks the hovered neuron and appears nowhere else: not without a
    /// highlight, not in a region map with every overlay on.
    func testFocusColourIsUsedOnlyForTheNeuronInFocus() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [16, 16], activation: .relu, seed: 9)
        let box = (10.0, 10.0, 580.0, 380.0)
        let plain = try render("plain.png", width: 600, height: 400) {
            NetworkRenderer.draw($0, mlp, box: box, point: Point2(0.1, 0.2), highlight: nil)
        }
        XCTAssertEqual(plain.count(Palette.focus), 0)
        let focused = try render("focused.png", width: 600, height: 400) {
            NetworkRenderer.draw($0, mlp, box: box, point: Point2(0.1, 0.2), highlight: NeuronID(layer: 2, index: 4))
        }
        XCTAssertGreaterThan(focused.count(Palette.focus), 30, "the hovered neuron's ring")
        let p = try Partition.compute(mlp, domain: .unitSquare)
        let frame = PlotFrame(domain: .unitSquare, fitting: 0, 0, 500, 500)
        for byLayer in [false, true] {
            var style = RegionMapStyle()
            style.edgesByLayer = byLayer
            let map = try render("map\(byLayer).png", width: 500, height: 500) {
                RegionMapRenderer.draw($0, p, frame: frame, style: style)
            }
            XCTAssertEqual(map.data.filter { Self.nearFocus($0) }.count, 0, "no map pixel near the focus colour")
        }
    }

    /// No colour of the palette comes near the focus colour: pattern colours (many patterns),
    /// the sequential and diverging scales, the layer and default class colours, the boundary.
    func testNoPaletteColourIsNearTheFocusColour() {
        var colors: [RGBA] = [Palette.boundary, Palette.ink, Palette.mutedInk, Palette.grid]
        colors += (0..<5000).map { Palette.pattern([UInt64($0) &* 0x9E37_79B9_7F4A_7C15]) }
        colors += (0...100).map { Palette.sequential(Double($0) / 100) }
        colors += (0...100).map { Palette.diverging(Double($0) / 50 - 1) }
        colors += (0..<10).map { Palette.layer($0) }
        colors += ClassColor.defaultPalette(count: 12).map { RGBA($0.r, $0.g, $0.b) }
        for c in colors {
            let f = Palette.focus
            let d = ((c.r - f.r) * (c.r - f.r) + (c.g - f.g) * (c.g - f.g) + (c.b - f.b) * (c.b - f.b)).squareRoot()
            XCTAssertGreaterThan(d, 0.3, "\(c) is too close to the focus colour")
        }
    }

    private static func nearFocus(_ w: UInt32) -> Bool {
        let r = Int((w >> 16) & 0xFF)
        let g = Int((w >> 8) & 0xFF)
        let b = Int(w & 0xFF)
        return r < 60 && g > 160 && b > 200
    }

    /// The hovered neuron's panel: its bias and its incoming weights as the layer stores them.
    func testNeuronDetailsShowBiasAndIncomingWeights() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [8, 128], activation: .relu, seed: 2)
        let d = NeuronDetails(mlp: mlp, neuron: NeuronID(layer: 2, index: 17), values: nil, task: .binary)
        XCTAssertEqual(d.title, "neuron 17 of layer 2")
        XCTAssertEqual(d.weights, (0..<8).map { mlp.layers[1].w(17, $0) })
        XCTAssertTrue(d.summary?.contains(String(format: "%.3g", abs(mlp.layers[1].bias[17]))) ?? false)
        let top = d.weights.indices.max { abs(d.weights[$0]) < abs(d.weights[$1]) }!
        XCTAssertTrue(d.strongest?.hasPrefix("top |w|: #\(top) ") ?? false, d.strongest ?? "")
        let out = NeuronDetails(mlp: mlp, neuron: NeuronID(layer: 3, index: 0), values: nil, task: .binary)
        XCTAssertEqual(out.weights.count, 128, "the output's fan-in")
    }
}
