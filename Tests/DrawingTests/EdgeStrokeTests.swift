import CGtk
import Drawing
import Foundation
import NeuralNet
import Regions
import XCTest

/// Pixel output strokes a partition's edges in short runs (Cairo rasterises one long path of
/// scattered segments slowly); the picture must be the one the single path gives.
final class EdgeStrokeTests: XCTestCase {
    /// The edges alone (regions fully transparent) on white, as 8-bit grey levels.
    private func edges(_ p: Partition, pixelOutput: Bool, byLayer: Bool) throws -> [UInt8] {
        let size: Int32 = 400
        let surface = try XCTUnwrap(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size))
        defer { cairo_surface_destroy(surface) }
        let cr = try XCTUnwrap(cairo_create(surface))
        let c = Canvas(cr: cr, width: Double(size), height: Double(size))
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, Double(size), Double(size))
        var style = RegionMapStyle()
        style.faceOpacity = 0
        style.showBoundary = false
        style.edgesByLayer = byLayer
        style.pixelExactFills = pixelOutput
        RegionMapRenderer.draw(c, p, frame: PlotFrame(domain: p.domain, fitting: 0, 0, 400, 400), style: style)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        let base = try XCTUnwrap(cairo_image_surface_get_data(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        return (0..<Int(size * size)).map { i in base[(i / Int(size)) * stride + 4 * (i % Int(size)) + 1] }
    }

    func testEdgesStrokedInRunsMatchOnePath() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [24, 24, 24], activation: .relu, seed: 5)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        XCTAssertGreaterThan(p.edgeCount, 20 * RegionMapRenderer.strokeRun, "many runs")
        for byLayer in [false, true] {
            let runs = try edges(p, pixelOutput: true, byLayer: byLayer)
            let one = try edges(p, pixelOutput: false, byLayer: byLayer)
            let inked = one.filter { $0 < 250 }.count
            XCTAssertGreaterThan(inked, 5000, "the edges cover the picture")
            let differ = zip(runs, one).filter { abs(Int($0) - Int($1)) > 12 }.count
            XCTAssertLessThan(Double(differ), 0.01 * Double(inked), "by layer: \(byLayer)")
            let mean = zip(runs, one).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(runs.count)
            XCTAssertLessThan(mean, 0.5, "by layer: \(byLayer)")
        }
    }
}
