import CGtk
import Drawing
import Foundation
import NeuralNet
import XCTest

final class ImageLoaderTests: TemporaryFolderTestCase {

    /// A 4 × 2 PNG through Cairo: left half opaque black, right half transparent (alpha 0).
    private func transparentPNG() -> URL {
        let url = dir.appendingPathComponent("alpha.png")
        let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 2)!
        let cr = cairo_create(s)!
        cairo_set_source_rgba(cr, 0, 0, 0, 1)
        cairo_rectangle(cr, 0, 0, 2, 2)
        cairo_fill(cr)
        cairo_set_source_rgba(cr, 0, 0, 0, 0.5)
        cairo_rectangle(cr, 2, 0, 1, 2)
        cairo_fill(cr)
        cairo_destroy(cr)
        cairo_surface_write_to_png(s, url.path)
        cairo_surface_destroy(s)
        return url
    }

    func testTransparentPNGIsCompositedOnWhite() throws {
        let g = try ImageLoader.load(transparentPNG())
        XCTAssertEqual(g.width, 4)
        XCTAssertEqual(g.height, 2)
        XCTAssertEqual(g[0, 0], 0, accuracy: 1e-9)  // opaque black
        XCTAssertEqual(g[2, 1], 0.5, accuracy: 0.01)  // half-transparent black on white
        XCTAssertEqual(g[3, 0], 1, accuracy: 1e-9)  // fully transparent → white
        let d = Dataset(image: g)
        // Cairo stores alpha 0.5 as 128/255, so that pixel is 0.498 grey: just dark enough for label 1.
        XCTAssertEqual(d.labels, [1, 1, 1, 0, 1, 1, 1, 0])
    }

    func testColourIsCompositedOnWhiteAndGreyIsUnchanged() throws {
        let url = dir.appendingPathComponent("colour.png")
        let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 3, 1)!
        let cr = cairo_create(s)!
        cairo_set_source_rgba(cr, 1, 0, 0, 1)
        cairo_rectangle(cr, 0, 0, 1, 1)
        cairo_fill(cr)
        cairo_set_source_rgba(cr, 0, 0, 1, 0.5)
        cairo_rectangle(cr, 1, 0, 1, 1)
        cairo_fill(cr)
        cairo_destroy(cr)
        cairo_surface_write_to_png(s, url.path)
        cairo_surface_destroy(s)
        let c = try ImageLoader.loadColor(url)
        XCTAssertEqual(c.width, 3)
        XCTAssertEqual(c.rgb[0..<3], [1, 0, 0])  // opaque red
        XCTAssertEqual(c.rgb[3], 1 - 128.0 / 255, accuracy: 1e-12)  // half-transparent blue on white
        XCTAssertEqual(c.rgb[4], 1 - 128.0 / 255, accuracy: 1e-12)
        XCTAssertEqual(c.rgb[5], 1, accuracy: 1e-12)
        XCTAssertEqual(c.rgb[6..<9], [1, 1, 1])  // transparent → white
        XCTAssertEqual(c.grey, try ImageLoader.load(url))
        XCTAssertEqual(c.grey[0, 0], 0.299, accuracy: 1e-12)
        // Grey is composited after the luma, as before: alpha · luma + 1 − alpha.
        let alpha = 128.0 / 255
        XCTAssertEqual(c.grey[1, 0], alpha * 0.114 + (1 - alpha))
        XCTAssertEqual(c.grey[2, 0], 1)
    }

    func testJPEGWrittenByGdkPixbufLoads() throws {
        let png = try XCTUnwrap(gdk_pixbuf_new_from_file(transparentPNG().path, nil))
        defer { g_object_unref(UnsafeMutableRawPointer(png)) }
        let jpeg = dir.appendingPathComponent("photo.jpg")
        var error: UnsafeMutablePointer<GError>? = nil
        XCTAssertNotEqual(gdk_pixbuf_savev(png, jpeg.path, "jpeg", nil, nil, &error), 0, "JPEG encoder")
        let g = try ImageLoader.load(jpeg)
        XCTAssertEqual(g.width, 4)
        XCTAssertLessThan(g[0, 0], 0.2)  // lossy, but dark stays dark
    }

    func testBundledSamplesAndDownsampling() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data")
            .standardized
        let spirals = try ImageLoader.load(data.appendingPathComponent("spirals128.png"))
        XCTAssertEqual(spirals.width, 128)
        let small = try ImageLoader.load(data.appendingPathComponent("spirals128.png"), maxSide: 32)
        XCTAssertEqual(small.width, 32)
        XCTAssertEqual(small.height, 32)
        let ratio = Double(Dataset(image: small).positives) / 1024
        let full = Double(Dataset(image: spirals).positives) / 16384
        XCTAssertEqual(ratio, full, accuracy: 0.05, "area averaging keeps the dark fraction")
        // Grey of the full image, then downsampled: the order the grey loader always had.
        XCTAssertEqual(small, spirals.downsampled(maxSide: 32))
        let colour = try ImageLoader.loadColor(data.appendingPathComponent("spirals128.png"), maxSide: 32)
        XCTAssertEqual(colour.grey, small)
        XCTAssertEqual(colour.width, 32)
    }

    /// Downsampling while decoding (a few rows at a time) gives exactly the numbers of converting
    /// the whole picture first, in colour and grey, for sizes that do not divide evenly and for
    /// transparent pixels.
    func testRowByRowDownsamplingEqualsTheWholePicture() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data")
            .standardized
        for (name, side) in [("silhouette400.png", 97), ("badge160.png", 33), ("letterA96.png", 95)] {
            let whole = try ImageLoader.loadColor(data.appendingPathComponent(name))
            let streamed = try ImageLoader.loadColor(data.appendingPathComponent(name), maxSide: side)
            let expected = whole.downsampled(maxSide: side)
            XCTAssertEqual(streamed.width, expected.width, name)
            XCTAssertEqual(streamed.height, expected.height, name)
            XCTAssertEqual(streamed.rgb, expected.rgb, "\(name): colour, value for value")
            XCTAssertEqual(streamed.grey, expected.grey, "\(name): grey, value for value")
        }
        let alpha = transparentPNG()
        XCTAssertEqual(
            try ImageLoader.loadColor(alpha, maxSide: 3).rgb,
            try ImageLoader.loadColor(alpha).downsampled(maxSide: 3).rgb)
    }

    func testBadgeSampleHasExactlyItsFourColoursAsClasses() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data")
            .standardized
        let badge = try ImageLoader.loadColor(data.appendingPathComponent("badge160.png"))
        XCTAssertEqual(badge.width, 160)
        XCTAssertEqual(badge.height, 120)
        let d = try Dataset(image: badge, choice: TaskChoice(kind: .classes, classes: 6))
        XCTAssertEqual(d.task.classColors.map(\.hex), ["#f4efe1", "#1f7a8c", "#e8871e", "#22223b"])
        XCTAssertEqual(d.outputCount, 4)
        // Every pixel's class colour is its own colour: a perfect class map.
        let colors = d.task.classColors
        for p in 0..<d.count {
            let c = colors[Int(d.labels[p])]
            XCTAssertEqual(c.r, badge.rgb[3 * p], accuracy: 1e-12)
            XCTAssertEqual(c.g, badge.rgb[3 * p + 1], accuracy: 1e-12)
            XCTAssertEqual(c.b, badge.rgb[3 * p + 2], accuracy: 1e-12)
        }
    }

    func testBadFilesAreRefusedWithOneLine() throws {
        let text = dir.appendingPathComponent("notes.png")
        try Data("this is not an image".utf8).write(to: text)
        let truncated = dir.appendingPathComponent("truncated.png")
        try Data(try Data(contentsOf: transparentPNG()).prefix(40)).write(to: truncated)
        let empty = dir.appendingPathComponent("empty.png")
        try Data().write(to: empty)
        for url: URL in [text, truncated, empty, dir.appendingPathComponent("missing.png"), dir] {
            XCTAssertThrowsError(try ImageLoader.load(url), url.lastPathComponent) { error in
                XCTAssertFalse("\(error)".contains("\n"))
                XCTAssert("\(error)".contains(url.path), "names the file: \(error)")
            }
        }
    }

    func testHugeDimensionsInTheHeaderAreRefusedBeforeDecoding() throws {
        // A well-formed PNG claiming 40 000 × 40 000 pixels (6.4 GB decoded) with one tiny data chunk.
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return withUnsafeBytes(of: UInt32(data.count).bigEndian, Array.init) + body
                + withUnsafeBytes(of: crc32(body).bigEndian, Array.init)
        }
        var ihdr: [UInt8] = []
        for v in [UInt32(40_000), UInt32(40_000)] { ihdr += withUnsafeBytes(of: v.bigEndian, Array.init) }
        ihdr += [8, 2, 0, 0, 0]
        // zlib stream with one stored block of 64 zero bytes.
        let idat: [UInt8] = [0x78, 0x01, 0x01, 64, 0, 0xBF, 0xFF] + [UInt8](repeating: 0, count: 64) + [0, 64, 0, 1]
        let bytes: [UInt8] =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", idat)
            + chunk("IEND", [])
        let url = dir.appendingPathComponent("huge.png")
        try Data(bytes).write(to: url)
        XCTAssertThrowsError(try ImageLoader.load(url)) { XCTAssert("\($0)".contains("limit"), "\($0)") }
    }

    private func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return ~c
    }
}

/// Image variants people have on disk, as committed fixtures (made with Pillow).
final class ImageVariantTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    private func load(_ name: String) throws -> GreyImage {
        try ImageLoader.load(Self.fixtures.appendingPathComponent(name))
    }

    func testSixteenBitPNG() throws {
        let g = try load("grey16.png")
        XCTAssertEqual(g.width, 8)
        XCTAssertEqual(g.height, 4)
        XCTAssertEqual(Dataset(image: g).labels.prefix(8), [1, 1, 1, 1, 0, 0, 0, 0])
    }

    func testPalettePNG() throws {
        let g = try load("palette.png")
        XCTAssertEqual(Dataset(image: g).labels, [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    }

    func testPalettePNGColoursAreItsClasses() throws {
        let c = try ImageLoader.loadColor(Self.fixtures.appendingPathComponent("palette.png"))
        let d = try Dataset(image: c, choice: TaskChoice(kind: .classes, classes: 3))
        // Two palette colours used, so two classes; black (6 pixels) before white on the tie.
        XCTAssertEqual(d.task.classColors.map(\.hex), ["#000000", "#ffffff"])
        XCTAssertEqual(d.labels, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1])
    }

    func testAnimatedGIFUsesTheFirstFrame() throws {
        let d = Dataset(image: try load("animated.gif"))
        XCTAssertEqual(d.count, 100)
        XCTAssertEqual(d.positives, 16, "the 4×4 dark square of frame 1, not the all-dark frame 2")
    }

    func testOnePixelAndSingleColourImagesTrainAnyway() throws {
        for (name, positives) in [("one-pixel.png", 1), ("all-dark.png", 96), ("all-light.png", 0)] {
            let d = Dataset(image: try load(name))
            XCTAssertEqual(d.positives, positives, name)
            let t = try Trainer(
                dataset: d, config: TrainingConfig(hiddenWidths: [4, 4], learningRate: 0.01, epochs: 30))
            for _ in 0..<30 { try t.trainEpoch() }
            XCTAssertEqual(t.evaluate().accuracy, 1, "\(name): one class is learnt exactly")
        }
    }
}
