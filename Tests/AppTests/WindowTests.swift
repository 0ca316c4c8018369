import App
import AppCore
import Drawing
import Foundation
import NeuralNet
import Regions
import XCTest

/// The real window under Xvfb. GTK must run on the main thread: test methods stay nonisolated
/// (XCTest calls them there) and enter the main actor with assumeIsolated.
final class WindowTests: XCTestCase {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data")
        .standardized

    private func withWindow(
        size: (width: Int32, height: Int32)? = nil, _ body: @MainActor (WindowHarness) throws -> Void
    ) throws {
        guard ProcessInfo.processInfo.environment["DISPLAY"] != nil else {
            throw XCTSkip("no DISPLAY: the window tests run under xvfb-run (scripts/test does this)")
        }
        try MainActor.assumeIsolated {
            guard let h = WindowHarness(size: size) else { throw XCTSkip("GTK could not open the display") }
            defer { h.close() }
            try body(h)
        }
    }

    /// The region map takes at least half of the window at its default size, the layout fits a
    /// 1024×768 screen, and the map still has room there.
    func testLayoutGivesTheMapHalfTheWindowAndFits1024x768() throws {
        try withWindow { h in
            XCTAssertTrue(h.pump(until: { h.isWindowMapped && h.mapRectangle.width > 1 }, timeout: 5))
            let (w, ht) = h.windowSize
            let r = h.mapRectangle
            // The default size counts the client-side frame around the window's content.
            XCTAssertEqual(Double(w), 1440, accuracy: 16)
            XCTAssertGreaterThanOrEqual(r.width * r.height, 0.5 * Double(w * ht), "map \(r) in \(w)x\(ht)")
            let minimum = h.minimumSize
            XCTAssertLessThanOrEqual(minimum.width, 1024, "the window can be 1024 px wide")
            XCTAssertLessThanOrEqual(minimum.height, 768, "the window can be 768 px tall")
        }
        try withWindow(size: (1024, 768)) { h in
            XCTAssertTrue(h.pump(until: { h.isWindowMapped && h.mapRectangle.width > 1 }, timeout: 5))
            let (w, ht) = h.windowSize
            XCTAssertEqual(Double(w), 1024, accuracy: 16)
            XCTAssertEqual(Double(ht), 768, accuracy: 16)
            let r = h.mapRectangle
            XCTAssertLessThanOrEqual(r.x + r.width, Double(w), "the map lies inside the window")
            XCTAssertGreaterThanOrEqual(r.width * r.height, 0.3 * Double(w * ht), "map \(r) in \(w)x\(ht)")
        }
    }

    /// The slope colouring's colour bar and the edges-by-layer key, at a larger text size,
    /// leave the map inside the window and still answer hover at the same domain point.
    func testLegendsAndTextScaleKeepHoverExact() throws {
        try withWindow { h in
            h.open(Self.data.appendingPathComponent("disk64.png").path)
            XCTAssertTrue(h.pump(until: { h.partition != nil && h.mapIsUpToDate }, timeout: 20))
            let before = h.hover(0.3, -0.2)
            h.setView(coloring: .slope, edgesByLayer: true, textScale: 1.5)
            XCTAssertEqual(h.core.view.textScale, 1.5)
            XCTAssertTrue(h.pump(until: { h.mapIsUpToDate }, timeout: 20), "the map re-renders with room for legends")
            XCTAssertEqual(h.hover(0.3, -0.2), before, "the narrower plot maps the point to the same face")
            let shot = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-legends-\(getpid()).png")
            XCTAssertTrue(h.screenshot(to: shot.path))
            if ProcessInfo.processInfo.environment["NNVIZ_KEEP_SHOTS"] == nil {
                try? FileManager.default.removeItem(at: shot)
            } else {
                print("legends screenshot: \(shot.path)")
            }
        }
    }

    func testWindowOpensTrainsAndShowsExactRegions() throws {
        try withWindow { h in
            XCTAssertTrue(h.isWindowVisible)
            XCTAssertTrue(h.pump(until: { h.isWindowMapped }, timeout: 5), "the window is mapped on the display")
            h.open(Self.data.appendingPathComponent("disk64.png").path)
            XCTAssertTrue(h.pump(until: { h.network != nil }), "a network appears after loading an image")
            h.play()
            XCTAssertTrue(h.pump(until: { h.epoch >= 30 }, timeout: 30), "training runs in the background")
            h.pause()
            XCTAssertTrue(
                h.pump(
                    until: { h.regionCount > 1 && h.partition.map { $0.domain == Domain.unitSquare } == true },
                    timeout: 30))
            XCTAssertNil(h.message)
        }
    }

    func testHoverReportsTheFaceOfAForwardPass() throws {
        try withWindow { h in
            h.open(Self.data.appendingPathComponent("spirals128.png").path)
            for _ in 0..<20 { h.step() }
            XCTAssertTrue(h.pump(until: { h.epoch >= 20 && h.regionCount > 1 }, timeout: 30))
            h.pump(until: { false }, timeout: 0.5)
            let mlp = try XCTUnwrap(h.network)
            let p = try XCTUnwrap(h.partition)
            for (x, y) in [(0.31, -0.22), (-0.6, 0.45), (0.05, 0.9)] {
                let face = try XCTUnwrap(h.hover(x, y))
                XCTAssertEqual(
                    p.logits[face](x, y), mlp.logit(x, y), accuracy: 1e-9,
                    "the inspected map is the network's at (\(x), \(y))")
                XCTAssertEqual(p.pattern(face), mlp.pattern(x, y))
            }
        }
    }

    func testExportsWriteValidFiles() throws {
        try withWindow { h in
            h.open(Self.data.appendingPathComponent("smiley96.png").path)
            for _ in 0..<5 { h.step() }
            XCTAssertTrue(h.pump(until: { h.epoch >= 5 && h.regionCount > 1 }, timeout: 30))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-window-\(getpid())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let magic: [String: [UInt8]] = [
                "png": [0x89, 0x50, 0x4E, 0x47], "svg": Array("<?xml".utf8), "pdf": Array("%PDF".utf8),
            ]
            for ext in ["png", "svg", "pdf"] {
                h.exportMap(to: dir.appendingPathComponent("map.\(ext)").path)
                h.exportSurface(to: dir.appendingPathComponent("surface.\(ext)").path)
                h.exportNetwork(to: dir.appendingPathComponent("network.\(ext)").path)
                for name in ["map", "surface", "network"] {
                    let head = Array(
                        try Data(contentsOf: dir.appendingPathComponent("\(name).\(ext)")).prefix(magic[ext]!.count))
                    XCTAssertEqual(head, magic[ext], "\(name).\(ext)")
                }
            }
            h.saveModel(to: dir.appendingPathComponent("model.safetensors").path)
            let saved = try ModelFile(contentsOf: dir.appendingPathComponent("model.safetensors"))
            XCTAssertEqual(saved.mlp.hiddenWidths, [16, 16, 16])
            h.exportRegions(to: dir.appendingPathComponent("regions.json").path)
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("regions.json")))
                as? [String: Any]
            XCTAssertEqual((json?["faces"] as? [Any])?.count, h.regionCount)
        }
    }

    /// A map export is the map as shown: edges by layer come out in the layers' colours with
    /// their key, and a pending threshold's preview stays a window-only aid.
    func testMapExportsFollowTheViewOptions() throws {
        try withWindow { h in
            h.open(Self.data.appendingPathComponent("smiley96.png").path)
            for _ in 0..<3 { h.step() }
            XCTAssertTrue(h.pump(until: { h.epoch >= 3 && h.regionCount > 1 }, timeout: 30))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-export-\(getpid())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            // Pixels of exactly each hidden layer's colour on the figure's right: the layer key's
            // swatches are opaque, the edges blend with the regions under them.
            @MainActor func keyPixels(_ name: String) throws -> [Int] {
                let path = dir.appendingPathComponent(name)
                h.exportMap(to: path.path)
                let image = try ImageLoader.loadColor(path)
                return (0..<3).map { layer in
                    let target = Palette.layer(layer).scaled(0.85)
                    var n = 0
                    for y in 0..<image.height {
                        for x in (image.width * 2 / 3)..<image.width {
                            let i = 3 * (y * image.width + x)
                            let d =
                                abs(image.rgb[i] - target.r) + abs(image.rgb[i + 1] - target.g)
                                + abs(image.rgb[i + 2] - target.b)
                            if d < 0.02 { n += 1 }
                        }
                    }
                    return n
                }
            }
            XCTAssertEqual(try keyPixels("plain.png"), [0, 0, 0], "no layer key while edges are one colour")
            h.setView(coloring: .pattern, edgesByLayer: true, textScale: 1)
            let key = try keyPixels("by-layer.png")
            XCTAssertTrue(key.allSatisfy { $0 > 30 }, "the export keys each layer's edge colour: \(key)")
            XCTAssertTrue(
                h.core.notice?.hasPrefix("Saved to ") == true, "the export is confirmed: \(h.core.notice ?? "")")
        }
    }

    /// Export → Training video: a WebM with one frame per timeline snapshot (or per chosen one, at
    /// the chosen speed), as GStreamer reads it; Cancel leaves nothing behind.
    func testTrainingVideoExportsEverySnapshotAndCancels() throws {
        try withWindow { h in
            h.open(Self.data.appendingPathComponent("disk64.png").path)
            h.core.setEpochLimit(40)
            h.play()
            XCTAssertTrue(h.pump(until: { h.epoch >= 40 && !h.core.isTraining }, timeout: 60))
            let snapshots = h.core.timeline.count
            XCTAssertGreaterThan(snapshots, 3)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-video-\(getpid())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let video = dir.appendingPathComponent("run.webm").path
            XCTAssertTrue(h.exportVideo(to: video))
            XCTAssertEqual(h.core.notice, "Saved to \(video)")
            func discover(_ path: String) throws -> String {
                let probe = Process()
                probe.executableURL = URL(fileURLWithPath: "/usr/bin/gst-discoverer-1.0")
                probe.arguments = [path]
                let out = Pipe()
                probe.standardOutput = out
                try probe.run()
                defer { probe.waitUntilExit() }
                return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            }
            let text = try discover(video)
            // 10 frames a second: the duration counts the frames.
            let seconds = String(format: "%d:%02d:%02d.%d", 0, 0, snapshots / 10, snapshots % 10)
            XCTAssertTrue(text.contains("VP8") && text.contains("Duration: \(seconds)"), text)
            // A chosen range and stride, slower: a frame at most every 10 epochs, 2 a second.
            let part = dir.appendingPathComponent("part.webm").path
            let selection = VideoSelection(firstEpoch: 10, lastEpoch: 40, everyEpochs: 10, framesPerSecond: 2)
            let chosen = selection.entries(of: h.core.timeline).map(\.epoch)
            XCTAssertTrue((2...4).contains(chosen.count) && chosen.last == 40, "\(chosen)")
            XCTAssertTrue(h.exportVideo(to: part, selection: selection))
            let length = String(format: "Duration: 0:00:%02d.%d", chosen.count / 2, chosen.count % 2 * 5)
            let probed = try discover(part)
            XCTAssertTrue(probed.contains(length), probed)
            try FileManager.default.removeItem(atPath: part)
            let cancelled = dir.appendingPathComponent("cancelled.webm").path
            XCTAssertTrue(h.exportVideo(to: cancelled, cancelAfterFrames: 1))
            XCTAssertEqual(h.core.message, "The training video was cancelled.")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["run.webm"])
        }
    }

    func testBadFilesShowAMessageAndKeepTheState() throws {
        try withWindow { h in
            h.open(Self.data.appendingPathComponent("disk64.png").path)
            XCTAssertTrue(h.pump(until: { h.regionCount > 1 }, timeout: 30))
            let before = h.regionCount
            let bad = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-bad-\(getpid()).safetensors")
            try Data("not a model".utf8).write(to: bad)
            defer { try? FileManager.default.removeItem(at: bad) }
            h.open(bad.path)
            XCTAssertNotNil(h.message, "a message in the window")
            h.open("/nonexistent/picture.png")
            XCTAssertEqual(h.message, "picture.png: no such file", "the file is named once")
            h.pump(seconds: 0.2)
            XCTAssertEqual(h.regionCount, before, "the previous state stays")
        }
    }
}
