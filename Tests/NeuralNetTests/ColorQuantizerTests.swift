import NeuralNet
import XCTest

final class ColorQuantizerTests: XCTestCase {
    /// A w × h image whose pixel colours come from `color(x, y)`.
    private func image(_ w: Int, _ h: Int, _ color: (Int, Int) -> (Double, Double, Double)) -> ColorImage {
        var rgb: [Double] = []
        for y in 0..<h {
            for x in 0..<w {
                let c = color(x, y)
                rgb += [c.0, c.1, c.2]
            }
        }
        return ColorImage(width: w, height: h, rgb: rgb)
    }

    private let red = (0.8, 0.1, 0.1)
    private let green = (0.1, 0.6, 0.2)
    private let blue = (0.1, 0.2, 0.9)

    /// Red disk on a blue field with a green band: three exact colours, blue most frequent.
    private func threeColours() -> ColorImage {
        image(20, 16) { x, y in
            if (x - 6) * (x - 6) + (y - 6) * (y - 6) < 16 { return self.red }
            return y >= 12 ? self.green : self.blue
        }
    }

    func testThreeExactColoursAreTheClassesWithAPerfectMap() {
        let img = threeColours()
        let q = ColorQuantizer.quantize(img, classes: 3)
        XCTAssertEqual(q.colors.count, 3)
        // Most frequent first: blue field, then the green band, then the disk.
        for (c, color) in q.colors.enumerated() {
            XCTAssertEqual(color.r, [0.1, 0.1, 0.8][c], accuracy: 1e-12)
            XCTAssertEqual(color.g, [0.2, 0.6, 0.1][c], accuracy: 1e-12)
            XCTAssertEqual(color.b, [0.9, 0.2, 0.1][c], accuracy: 1e-12)
        }
        for y in 0..<img.height {
            for x in 0..<img.width {
                let expected = (x - 6) * (x - 6) + (y - 6) * (y - 6) < 16 ? 2 : (y >= 12 ? 1 : 0)
                XCTAssertEqual(q.classMap[y * img.width + x], expected, "pixel \(x), \(y)")
            }
        }
        XCTAssertEqual(q.counts.reduce(0, +), img.pixelCount)
        XCTAssertEqual(q.counts, q.counts.sorted(by: >))
    }

    func testFewerDistinctColoursThanAskedGivesThoseColours() {
        let q = ColorQuantizer.quantize(threeColours(), classes: 8)
        XCTAssertEqual(q.colors.count, 3, "K comes out as the number of distinct colours")
        XCTAssertEqual(Set(q.classMap), [0, 1, 2])
    }

    func testSameImageSameClassesEveryTime() {
        let img = image(64, 48) { x, y in
            (Double(x) / 63, Double(y) / 47, 0.5 + 0.5 * sin(Double(x * y) / 300))
        }
        let a = ColorQuantizer.quantize(img, classes: 5)
        let b = ColorQuantizer.quantize(img, classes: 5)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.colors.count, 5)
    }

    func testGradientSplitsIntoKNonEmptyOrderedClasses() {
        let img = image(256, 8) { x, _ in
            let v = Double(x) / 255
            return (v, v, v)
        }
        for k in [2, 3, 7, 12] {
            let q = ColorQuantizer.quantize(img, classes: k)
            XCTAssertEqual(q.colors.count, k)
            XCTAssertEqual(Set(q.classMap), Set(0..<k), "K = \(k): every class has pixels")
            XCTAssertTrue(q.counts.allSatisfy { $0 > 0 })
            // A grey ramp splits into intervals: each class is one run of columns.
            for c in 0..<k {
                let columns = (0..<256).filter { q.classMap[$0] == c }
                XCTAssertEqual(columns.count, columns.last! - columns.first! + 1, "K = \(k), class \(c) is one run")
            }
            // Its display colour is the mean grey of its pixels.
            for c in 0..<k {
                let columns = (0..<256).filter { q.classMap[$0] == c }
                let mean = Double(columns.reduce(0, +)) / Double(columns.count) / 255
                XCTAssertEqual(q.colors[c].r, mean, accuracy: 1e-9)
            }
        }
    }

    func testManyDistinctColoursStillGiveKClasses() {
        // More distinct colours than k-means clusters directly (it subsamples them), every pixel assigned.
        var rng = SeededGenerator(seed: 9)
        let img = image(300, 200) { _, _ in (rng.unit(), rng.unit(), rng.unit()) }
        let q = ColorQuantizer.quantize(img, classes: 6)
        XCTAssertEqual(q.colors.count, 6)
        XCTAssertEqual(q.classMap.count, 60_000)
        XCTAssertTrue(q.counts.allSatisfy { $0 > 0 })
    }

    func testCIELABOfKnownColours() {
        let white = ColorQuantizer.lab(r: 1, g: 1, b: 1)
        XCTAssertEqual(white.x, 100, accuracy: 1e-3)
        XCTAssertEqual(white.y, 0, accuracy: 1e-3)
        XCTAssertEqual(white.z, 0, accuracy: 1e-3)
        let red = ColorQuantizer.lab(r: 1, g: 0, b: 0)
        XCTAssertEqual(red.x, 53.24, accuracy: 0.05)
        XCTAssertEqual(red.y, 80.09, accuracy: 0.05)
        XCTAssertEqual(red.z, 67.20, accuracy: 0.05)
    }

    func testClassesDatasetFromColours() throws {
        let img = threeColours()
        let d = try Dataset(image: img, choice: TaskChoice(kind: .classes, classes: 4))
        XCTAssertEqual(d.outputCount, 3)
        XCTAssertEqual(d.task.classColors.count, 3)
        XCTAssertEqual(d.labels, ColorQuantizer.quantize(img, classes: 4).classMap.map(Float.init))
        XCTAssertTrue(d.targets.isEmpty)
        XCTAssertEqual(d.colorImage, img)
    }

    func testSingleColourCannotMakeClasses() {
        let img = image(4, 4) { _, _ in (0.3, 0.3, 0.3) }
        XCTAssertThrowsError(try Dataset(image: img, choice: TaskChoice(kind: .classes, classes: 3))) { error in
            XCTAssertFalse("\(error)".contains("\n"))
        }
        XCTAssertThrowsError(try Dataset(image: img, choice: TaskChoice(kind: .classes, classes: 13)))
        XCTAssertThrowsError(try Dataset(image: img, choice: TaskChoice(kind: .regression, channels: 2)))
    }

    func testBinaryFromColourEqualsTheGreyDataset() throws {
        let img = image(9, 7) { x, y in (Double(x) / 8, Double(y) / 6, 0.4) }
        let colour = try Dataset(image: img, choice: .binary, threshold: 0.4, invert: true)
        let grey = Dataset(image: img.grey, threshold: 0.4, invert: true)
        XCTAssertEqual(colour.labels, grey.labels)
        XCTAssertEqual(colour.points, grey.points)
        XCTAssertEqual(colour.task, .binary)
        XCTAssertEqual(colour.image, img.grey)
    }

    func testRegressionTargets() throws {
        let img = image(3, 2) { x, y in (Double(x) / 2, Double(y), 0.25) }
        let grey = try Dataset(image: img, choice: TaskChoice(kind: .regression, channels: 1))
        XCTAssertEqual(grey.outputCount, 1)
        XCTAssertEqual(grey.targets, img.grey.pixels.map(Float.init))
        let rgb = try Dataset(image: img, choice: TaskChoice(kind: .regression, channels: 3))
        XCTAssertEqual(rgb.outputCount, 3)
        XCTAssertEqual(rgb.targets, img.rgb.map(Float.init))
        XCTAssertEqual(rgb.count, 6)
    }

    func testColourDownsamplingKeepsTheGreyDownsampling() {
        let img = image(37, 23) { x, y in (Double(x % 5) / 4, Double(y % 3) / 2, Double((x + y) % 7) / 6) }
        let small = img.downsampled(maxSide: 10)
        XCTAssertEqual(small.grey, img.grey.downsampled(maxSide: 10))
        XCTAssertEqual(small.width, small.grey.width)
        XCTAssertEqual(small.height, small.grey.height)
        // Each channel is area-averaged on its own: the red channel as a grey image.
        let red = GreyImage(width: 37, height: 23, pixels: (0..<(37 * 23)).map { img.rgb[3 * $0] })
        XCTAssertEqual((0..<small.pixelCount).map { small.rgb[3 * $0] }, red.downsampled(maxSide: 10).pixels)
        XCTAssertEqual(img.downsampled(maxSide: 40), img)
    }
}
