import CGtk
import Drawing
import Foundation
import NeuralNet
import Regions
import XCTest

final class FigureTests: TemporaryFolderTestCase {

    private func content() throws -> FigureContent {
        var mlp = try MLP.pytorchDefault(hiddenWidths: [8, 8], activation: .leakyReLU(0.02), seed: 3)
        let logits = try Partition.compute(mlp, domain: .unitSquare).vertexLogit.sorted()
        mlp.layers[2].bias[0] -= logits[logits.count / 2]  // a boundary through the middle
        let p = try Partition.compute(mlp, domain: .unitSquare)
        let data = Dataset(image: GreyImage(width: 16, height: 16, pixels: (0..<256).map { Double($0 % 16) / 15 }))
        return FigureContent(
            mlp: mlp, domain: .unitSquare, partition: p, sampled: nil, sampledReason: nil,
            dataset: data, title: "Test", subtitle: "subtitle")
    }

    func testThreeFormatsFromOneDrawing() throws {
        let c = try content()
        for format in FigureFormat.allCases {
            let url = dir.appendingPathComponent("regions.\(format.rawValue)")
            try Figure.write(to: url, format: format, width: 600, height: 560) {
                RunFigures.regions($0, c, colorMode: .pattern)
            }
            let head = try Data(contentsOf: url).prefix(8)
            switch format {
            case .png: XCTAssertEqual(Array(head.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
            case .svg: XCTAssert(String(decoding: head, as: UTF8.self).hasPrefix("<?xml"))
            case .pdf: XCTAssert(String(decoding: head, as: UTF8.self).hasPrefix("%PDF"))
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
            XCTAssertEqual(leftovers, [], "no temporary files left behind")
        }
        XCTAssertThrowsError(
            try Figure.write(to: URL(fileURLWithPath: "/nonexistent/x.png"), format: .png, width: 10, height: 10) { _ in
            })
    }

    /// Reads back a PNG and returns the colour at device pixel (x, y).
    private func pixel(_ url: URL, _ x: Int, _ y: Int) -> RGBA {
        let s = cairo_image_surface_create_from_png(url.path)!
        defer { cairo_surface_destroy(s) }
        let stride = Int(cairo_image_surface_get_stride(s))
        let p = cairo_image_surface_get_data(s)! + y * stride + 4 * x  // BGRA, premultiplied, opaque here
        return RGBA(Double(p[2]) / 255, Double(p[1]) / 255, Double(p[0]) / 255)
    }

    func testRegionMapPixelsHaveTheirFacesPatternColour() throws {
        let c = try content()
        let p = try XCTUnwrap(c.partition)
        let url = dir.appendingPathComponent("map.png")
        let size = 600.0
        try Figure.write(to: url, format: .png, width: Int(size), height: Int(size)) { canvas in
            var style = RegionMapStyle()
            style.showEdges = false
            style.showBoundary = false
            RegionMapRenderer.draw(
                canvas, p, frame: PlotFrame(domain: .unitSquare, fitting: 0, 0, size, size), style: style)
        }
        let frame = PlotFrame(domain: .unitSquare, fitting: 0, 0, size, size)
        var checked = 0
        for f in 0..<p.faceCount where p.areas[f] > 0.02 {
            let ct = p.centroid(f)
            guard p.insideDepth(face: f, ct) > 0.02 else { continue }
            let got = pixel(url, Int(frame.px(ct.x)), Int(frame.py(ct.y)))
            let want = Palette.pattern(p.patternWords(f))
            XCTAssertEqual(got.r, want.r, accuracy: 0.02)
            XCTAssertEqual(got.g, want.g, accuracy: 0.02)
            XCTAssertEqual(got.b, want.b, accuracy: 0.02)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 5)
    }

    func testBoundaryIsDrawnWhereTheLogitIsZero() throws {
        let c = try content()
        let p = try XCTUnwrap(c.partition)
        let url = dir.appendingPathComponent("boundary.png")
        try Figure.write(to: url, format: .png, width: RunFigures.width, height: RunFigures.height) {
            RunFigures.boundary($0, c)
        }
        // The same frame the figure uses: find the boundary's midpoint pixel and check it is boundary-coloured.
        let f = PlotFrame(
            domain: .unitSquare, fitting: 95, 84, Double(RunFigures.width) - 135, Double(RunFigures.height) - 162)
        let line = try XCTUnwrap(p.boundary.max { $0.count < $1.count })
        let q = line[line.count / 2]
        let got = pixel(url, Int(f.px(q.x).rounded()), Int(f.py(q.y).rounded()))
        XCTAssertGreaterThan(got.r, 0.7)
        XCTAssertLessThan(got.b, 0.4, "orange-red boundary at (\(q.x), \(q.y))")
    }

    func testSurfaceAndSampledFiguresRender() throws {
        var c = try content()
        try Figure.write(to: dir.appendingPathComponent("s.png"), format: .png, width: 500, height: 460) {
            RunFigures.surface($0, c, colorMode: .pattern)
        }
        c.partition = nil
        c.sampled = SampledView(mlp: c.mlp, domain: .unitSquare, columns: 60)
        c.sampledReason = "SAMPLED — test"
        for name in ["r", "b", "s"] {
            let url = dir.appendingPathComponent("\(name)-sampled.png")
            try Figure.write(to: url, format: .png, width: 500, height: 460) { canvas in
                switch name {
                case "r": RunFigures.regions(canvas, c, colorMode: .pattern)
                case "b": RunFigures.boundary(canvas, c)
                default: RunFigures.surface(canvas, c, colorMode: .pattern)
                }
            }
            XCTAssertGreaterThan(try Data(contentsOf: url).count, 2000)
        }
    }

    func testPatternColoursAreStable() {
        XCTAssertEqual(Palette.pattern([0b1011, 7]), Palette.pattern([0b1011, 7]))
        XCTAssertNotEqual(Palette.pattern([0b1011, 7]), Palette.pattern([0b1010, 7]))
        var distinct = Set<String>()
        for w in 0..<200 as Range<UInt64> {
            let c = Palette.pattern([w])
            distinct.insert("\(Int(c.r * 40)),\(Int(c.g * 40)),\(Int(c.b * 40))")
        }
        XCTAssertGreaterThan(distinct.count, 150, "neighbouring patterns get visibly different colours")
    }
}
