import CGtk
import Drawing
import Foundation
import NeuralNet
import Regions
import XCTest

/// The figures of classes and regression networks, checked pixel by pixel against the network.
final class TaskFigureTests: TemporaryFolderTestCase {
    private let size = 500.0
    private var frame: PlotFrame { PlotFrame(domain: .unitSquare, fitting: 0, 0, size, size) }

    /// A network with `outputs` outputs whose biases are shifted so that every output wins
    /// somewhere in the square.
    private func network(outputs: Int, seed: UInt64) throws -> MLP {
        var mlp = try MLP.pytorchDefault(hiddenWidths: [8, 8], outputs: outputs, activation: .relu, seed: seed)
        let grid: [(Double, Double)] = (0..<400).map { n in
            let i = Double(n % 20)
            let j = Double(n / 20)
            return (-1 + i / 9.5, -1 + j / 9.5)
        }
        for k in 0..<outputs {
            let mean = grid.map { mlp.outputs($0.0, $0.1)[k] }.reduce(0, +) / Double(grid.count)
            mlp.layers[2].bias[k] -= mean
        }
        return mlp
    }

    private func render(_ name: String, _ draw: (Canvas) -> Void) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Figure.write(to: url, format: .png, width: Int(size), height: Int(size), draw: draw)
        return url
    }

    /// The colours of a PNG, row by row (BGRA words, opaque here).
    private func pixels(_ url: URL) throws -> (width: Int, data: [UInt32]) {
        let s = try XCTUnwrap(cairo_image_surface_create_from_png(url.path))
        defer { cairo_surface_destroy(s) }
        let w = Int(cairo_image_surface_get_width(s))
        let h = Int(cairo_image_surface_get_height(s))
        let stride = Int(cairo_image_surface_get_stride(s))
        let base = try XCTUnwrap(cairo_image_surface_get_data(s))
        var out = [UInt32](repeating: 0, count: w * h)
        for j in 0..<h {
            let row = UnsafeRawPointer(base + j * stride).assumingMemoryBound(to: UInt32.self)
            for i in 0..<w { out[j * w + i] = row[i] }
        }
        return (w, out)
    }

    private func rgb(_ word: UInt32) -> RGBA {
        RGBA(Double((word >> 16) & 0xFF) / 255, Double((word >> 8) & 0xFF) / 255, Double(word & 0xFF) / 255)
    }

    /// Distance from `q` to the nearest edge of a convex polygon (negative outside).
    private func depth(_ q: Point, in polygon: [Point]) -> Double {
        var d = Double.infinity
        let area2 = zip(polygon, polygon.dropFirst() + [polygon[0]]).reduce(0.0) {
            $0 + $1.0.x * $1.1.y - $1.1.x * $1.0.y
        }
        let sign = area2 >= 0 ? 1.0 : -1.0
        for (a, b) in zip(polygon, polygon.dropFirst() + [polygon[0]]) {
            let len = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            guard len > 0 else { continue }
            d = min(d, sign * ((b.x - a.x) * (q.y - a.y) - (b.y - a.y) * (q.x - a.x)) / len)
        }
        return d
    }

    func testClassTintFillsEachDecisionCellWithItsWinnersColour() throws {
        let mlp = try network(outputs: 3, seed: 5)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        XCTAssertEqual(p.outputCount, 3)
        let colors = ClassColor.defaultPalette(count: 3)
        let url = try render("tint.png") { c in
            var style = RegionMapStyle()
            style.colorMode = .classTint(colors)
            style.showEdges = false
            style.showBoundary = false
            RegionMapRenderer.draw(c, p, frame: self.frame, style: style)
        }
        let image = try pixels(url)
        var checked = Set<Int>()
        var cells = 0
        for f in 0..<p.faceCount {
            for cell in p.decisionCells(face: f) where cell.polygon.count >= 3 {
                let n = Double(cell.polygon.count)
                let q = Point(cell.polygon.map(\.x).reduce(0, +) / n, cell.polygon.map(\.y).reduce(0, +) / n)
                // At least three pixels inside, so antialiasing cannot touch the sampled pixel.
                guard depth(q, in: cell.polygon) > 3 * 2 / size else { continue }
                XCTAssertEqual(cell.winner, mlp.winner(q.x, q.y), "the cell's winner is the network's argmax")
                let got = rgb(image.data[Int(frame.py(q.y)) * image.width + Int(frame.px(q.x))])
                let want = RegionColorMode.tint(colors[cell.winner], pattern: Palette.pattern(p.patternWords(f)))
                XCTAssertEqual(got.r, want.r, accuracy: 1.5 / 255, "face \(f) cell of class \(cell.winner)")
                XCTAssertEqual(got.g, want.g, accuracy: 1.5 / 255)
                XCTAssertEqual(got.b, want.b, accuracy: 1.5 / 255)
                checked.insert(cell.winner)
                cells += 1
            }
        }
        XCTAssertEqual(checked, [0, 1, 2], "every class wins somewhere and is drawn in its colour")
        XCTAssertGreaterThan(cells, 10)
    }

    /// Grey regression: every pixel of the exact picture is the network's output at the pixel's
    /// centre, clamped to [0, 1], to within the 8-bit quantisation of the gradient.
    func testReconstructionPixelsAreTheClampedNetworkOutput() throws {
        var mlp = try network(outputs: 1, seed: 11)
        // Spread the output over [-0.3, 1.3] so both clamps and the ramp between are exercised.
        let values: [Double] = (0..<400).map { n in mlp.logit(-1 + Double(n % 20) / 9.5, -1 + Double(n / 20) / 9.5) }
        let (lo, hi) = (values.min() ?? 0, values.max() ?? 1)
        let scale = 1.6 / (hi - lo)
        mlp.layers[2].weight = mlp.layers[2].weight.map { $0 * scale }
        mlp.layers[2].bias[0] = (mlp.layers[2].bias[0] - lo) * scale - 0.3
        let p = try Partition.compute(mlp, domain: .unitSquare)
        let url = try render("grey.png") { c in ReconstructionFill.draw(c, p, frame: self.frame) }
        let image = try pixels(url)
        var worst = 0.0
        var clampedLow = 0
        var clampedHigh = 0
        for j in stride(from: 1, to: Int(size) - 1, by: 3) {
            for i in stride(from: 1, to: Int(size) - 1, by: 3) {
                let (x, y) = frame.domainPoint(Double(i) + 0.5, Double(j) + 0.5)
                let want = min(1, max(0, mlp.logit(x, y)))
                let got = rgb(image.data[j * image.width + i])
                let e = max(abs(got.r - want), abs(got.g - want), abs(got.b - want))
                worst = max(worst, e)
                if want == 0 { clampedLow += 1 }
                if want == 1 { clampedHigh += 1 }
            }
        }
        // Also on edges and corners: each pixel shows the region holding its centre.
        XCTAssertLessThanOrEqual(worst, 2 / 255, "worst pixel error \(worst * 255)/255")
        XCTAssertGreaterThan(clampedLow, 100)
        XCTAssertGreaterThan(clampedHigh, 100)
    }

    /// RGB regression: the three gradients added onto black give each channel its own output.
    func testRGBReconstructionPixelsAreTheThreeOutputs() throws {
        let mlp = try network(outputs: 3, seed: 2)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        let url = try render("rgb.png") { c in ReconstructionFill.draw(c, p, frame: self.frame) }
        let image = try pixels(url)
        var worst = 0.0
        for j in stride(from: 2, to: Int(size) - 2, by: 7) {
            for i in stride(from: 2, to: Int(size) - 2, by: 7) {
                let (x, y) = frame.domainPoint(Double(i) + 0.5, Double(j) + 0.5)
                let want = mlp.outputs(x, y).map { min(1, max(0, $0)) }
                let got = rgb(image.data[j * image.width + i])
                let e = max(abs(got.r - want[0]), abs(got.g - want[1]), abs(got.b - want[2]))
                worst = max(worst, e)
            }
        }
        // Also on edges and corners: each pixel shows the region holding its centre.
        XCTAssertLessThanOrEqual(worst, 2 / 255, "worst channel error \(worst * 255)/255")
    }

    /// A classes model saved with its colours reopens as classes, and its default figure uses
    /// those colours: the swatches of the legend and the tint of the regions.
    func testClassesModelRoundTripKeepsItsColours() throws {
        let mlp = try network(outputs: 4, seed: 9)
        let colors = ["#d62728", "#2ca02c", "#1f77b4", "#9467bd"].compactMap { ClassColor(hex: $0) }
        let url = dir.appendingPathComponent("classes.safetensors")
        try ModelFile(mlp: mlp, domain: .unitSquare, task: .classes(colors)).write(to: url)
        let file = try ModelFile(contentsOf: url)
        XCTAssertEqual(file.task, .classes(colors))
        let mode = RegionColorMode.automatic(for: file.task)
        XCTAssertEqual(mode, .classTint(colors))
        let p = try Partition.compute(file.mlp, domain: .unitSquare)
        let content = FigureContent(
            mlp: file.mlp, domain: .unitSquare, partition: p, sampled: nil, sampledReason: nil, dataset: nil,
            title: "classes", subtitle: "", task: file.task)
        let png = dir.appendingPathComponent("classes.png")
        try Figure.write(to: png, format: .png, width: RunFigures.width, height: RunFigures.height) {
            RunFigures.regions($0, content, colorMode: mode)
        }
        let image = try pixels(png)
        var found = Set<Int>()
        for word in image.data {
            let c = rgb(word)
            for (k, want) in colors.enumerated() {
                let tint = RGBA(want.r, want.g, want.b).mixed(with: Palette.paper, 0.42)
                if abs(c.r - tint.r) < 1.5 / 255 && abs(c.g - tint.g) < 1.5 / 255 && abs(c.b - tint.b) < 1.5 / 255 {
                    found.insert(k)
                }
            }
        }
        XCTAssertEqual(found, [0, 1, 2, 3], "each class's legend swatch is drawn in its colour")
    }

    /// The classes boundary figure: the class-coloured labels underneath, the argmax boundary as a
    /// dark line on them, and each class's colour in the legend.
    func testArgmaxBoundaryIsDrawnDarkOverTheClassLabels() throws {
        let mlp = try network(outputs: 3, seed: 5)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        // Three vertical bands of colour: three classes after quantisation.
        let bands: [[Double]] = [[0.8, 0.2, 0.2], [0.2, 0.7, 0.3], [0.2, 0.3, 0.9]]
        let rgbValues = (0..<1024).flatMap { n in bands[min(2, (n % 32) / 11)] }
        let data = try Dataset(
            image: ColorImage(width: 32, height: 32, rgb: rgbValues), choice: TaskChoice(kind: .classes, classes: 3),
            domain: .unitSquare)
        let colors = data.task.classColors
        XCTAssertEqual(colors.count, 3)
        let content = FigureContent(
            mlp: mlp, domain: .unitSquare, partition: p, sampled: nil, sampledReason: nil, dataset: data,
            title: "argmax", subtitle: "", task: data.task)
        let url = dir.appendingPathComponent("argmax.png")
        try Figure.write(to: url, format: .png, width: RunFigures.width, height: RunFigures.height) {
            RunFigures.boundary($0, content)
        }
        let image = try pixels(url)
        // The figure's frame: 95 px left, 84 top, 150 right for the legend, 78 bottom.
        let f = PlotFrame(
            domain: .unitSquare, fitting: 95, 84, Double(RunFigures.width) - 245, Double(RunFigures.height) - 162)
        XCTAssertEqual(p.boundary.count, p.boundaryClasses.count)
        let line = try XCTUnwrap(p.boundary.max { $0.count < $1.count })
        let q = line[line.count / 2]
        let onLine = rgb(image.data[Int(f.py(q.y).rounded()) * image.width + Int(f.px(q.x).rounded())])
        XCTAssertLessThan(max(onLine.r, onLine.g, onLine.b), 0.3, "a dark argmax line at (\(q.x), \(q.y))")
        // Away from the boundary each pixel's label shows its class colour, lightened by 30 %.
        var checked = 0
        for n in stride(from: 0, to: 1024, by: 37) {
            let x = Double(data.points[2 * n])
            let y = Double(data.points[2 * n + 1])
            let far = p.boundary.joined().allSatisfy { ($0.x - x) * ($0.x - x) + ($0.y - y) * ($0.y - y) > 0.01 }
            guard far else { continue }
            let k = Int(data.labels[n])
            let want = RGBA(colors[k].r, colors[k].g, colors[k].b).mixed(with: Palette.paper, 0.3)
            let got = rgb(image.data[Int(f.py(y)) * image.width + Int(f.px(x))])
            XCTAssertEqual(got.r, want.r, accuracy: 1.5 / 255)
            XCTAssertEqual(got.g, want.g, accuracy: 1.5 / 255)
            XCTAssertEqual(got.b, want.b, accuracy: 1.5 / 255)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 5)
    }

    func testEachTaskHasItsDefaultColouringAndSurface() {
        let colors = ClassColor.defaultPalette(count: 4)
        XCTAssertEqual(RegionColorMode.automatic(for: .binary), .pattern)
        XCTAssertEqual(RegionColorMode.automatic(for: .classes(colors)), .classTint(colors))
        XCTAssertEqual(RegionColorMode.automatic(for: .regression(channels: 3)), .reconstruction)
        XCTAssertEqual(SurfaceHeight.automatic(for: .binary), .output(0))
        XCTAssertEqual(SurfaceHeight.automatic(for: .classes(colors)), .maxOutput)
        XCTAssertEqual(SurfaceHeight.automatic(for: .regression(channels: 1)), .output(0))
        XCTAssertEqual(SurfaceHeight.automatic(for: .regression(channels: 3)), .meanOfThree)
    }

    func testNetworkDiagramRingsOutputsInTheirClassColours() throws {
        let mlp = try network(outputs: 3, seed: 4)
        let colors = ClassColor.defaultPalette(count: 3)
        let url = try render("net.png") { c in
            NetworkRenderer.draw(
                c, mlp, box: (10, 10, self.size - 20, self.size - 20), point: nil, highlight: nil,
                task: .classes(colors))
        }
        let image = try pixels(url)
        for want in colors {
            let hits = image.data.filter {
                let c = rgb($0)
                return abs(c.r - want.r) < 1 / 255 && abs(c.g - want.g) < 1 / 255 && abs(c.b - want.b) < 1 / 255
            }.count
            XCTAssertGreaterThan(hits, 20, "a ring in \(want.hex)")
        }
    }

    /// Beyond the exact limit: the sample's class tint is the tint of the network's winner there.
    func testSampledClassTintFollowsTheWinner() throws {
        let mlp = try network(outputs: 3, seed: 5)
        let colors = ClassColor.defaultPalette(count: 3)
        let s = SampledView(mlp: mlp, domain: .unitSquare, columns: 50)
        XCTAssertEqual(s.outputCount, 3)
        let url = try render("sampled.png") { c in s.drawRegions(c, frame: self.frame, mode: .classTint(colors)) }
        let image = try pixels(url)
        for (i, j) in [(5, 5), (25, 25), (44, 10), (10, 40)] {
            let n = j * 50 + i
            XCTAssertEqual(s.winners[n], mlp.winner(-1 + (Double(i) + 0.5) / 25, 1 - (Double(j) + 0.5) / 25))
            let want = RegionColorMode.tint(colors[s.winners[n]], pattern: s.patternHashes[n])
            let got = rgb(image.data[Int((Double(j) + 0.5) * 10) * image.width + Int((Double(i) + 0.5) * 10)])
            XCTAssertEqual(got.r, want.r, accuracy: 1.5 / 255)
            XCTAssertEqual(got.g, want.g, accuracy: 1.5 / 255)
            XCTAssertEqual(got.b, want.b, accuracy: 1.5 / 255)
        }
    }

    func testTaskFiguresRenderInEveryFormat() throws {
        for task in [LearningTask.classes(ClassColor.defaultPalette(count: 3)), .regression(channels: 3)] {
            let mlp = try network(outputs: 3, seed: 8)
            let p = try Partition.compute(mlp, domain: .unitSquare)
            let content = FigureContent(
                mlp: mlp, domain: .unitSquare, partition: p, sampled: nil, sampledReason: nil, dataset: nil,
                title: "t", subtitle: "s", task: task)
            for format in FigureFormat.allCases {
                let url = dir.appendingPathComponent("\(task.kind)-3d.\(format.rawValue)")
                try Figure.write(to: url, format: format, width: 600, height: 560) {
                    RunFigures.surface($0, content, colorMode: .automatic(for: task))
                }
                XCTAssertGreaterThan(try Data(contentsOf: url).count, 2000)
                let map = dir.appendingPathComponent("\(task.kind)-map.\(format.rawValue)")
                try Figure.write(to: map, format: format, width: 600, height: 560) {
                    RunFigures.regions($0, content, colorMode: .automatic(for: task))
                }
                XCTAssertGreaterThan(try Data(contentsOf: map).count, 2000)
            }
        }
    }
}
