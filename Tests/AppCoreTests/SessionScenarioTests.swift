import AppCore
import Foundation
import NeuralNet
import Regions
import XCTest

/// A session saved from the window reopens as the same picture, with the same controls and view,
/// and training goes on from the saved epoch; a file that is not a session of this version is
/// refused in one line and the window keeps what it shows.
final class SessionScenarioTests: AppCoreTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-sessions-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    func testASavedSessionReopensIdenticallyAndTrainsOn() throws {
        let path = folder.appendingPathComponent("run.nnviz").path
        var saved: (Partition, ViewOptions, SurfaceCamera, Domain, Point?, [Int], Int, TrainingSettings)?
        try withCore { core, s in
            Self.open("badge160.png", in: core, s)
            core.setTask(.classes)
            core.setClassCount(4)
            core.setWidth(12)
            core.setTestShare(0.1)
            core.reset()
            if core.confirmation != nil { core.confirm() }
            Self.train(core, s, to: 25)
            core.setColoring(.margin)
            core.setEdgesByLayer(true)
            var cam = SurfaceCamera()
            cam.azimuth = 20
            cam.elevation = 50
            cam.zoom = 1.5
            core.setCamera(cam)
            core.zoom(by: 0.5, about: Point(0.1, -0.2))
            XCTAssertTrue(s.run(until: { core.partition?.domain == core.viewBox && core.partitionEpoch == 25 }))
            core.hover(at: Point(0.05, -0.1))
            core.togglePin()
            core.setLearningRate(0.02)  // a live setting, saved as the controls show it
            core.saveSession(to: path)
            XCTAssertEqual(core.notice, "Saved to \(path)")
            XCTAssertFalse(core.hasUnsavedTraining, "the session holds the trained epochs")
            saved = (
                try XCTUnwrap(core.partition), core.view, core.camera, core.viewBox, core.pinnedPoint,
                core.timeline.entries.map(\.epoch), core.history.count, core.settings
            )
        }
        let (partition, view, camera, box, pin, epochs, statCount, settings) = try XCTUnwrap(saved)
        try withCore { core, s in
            core.open(path)
            XCTAssertNil(core.message, core.message ?? "")
            XCTAssertTrue(s.run(until: { core.partition?.domain == box }), "the saved box is partitioned")
            let p = try XCTUnwrap(core.partition)
            XCTAssertEqual(p.faceCount, partition.faceCount, "the same regions")
            XCTAssertEqual(p.vertexX, partition.vertexX, "at the same vertices, bit for bit")
            XCTAssertEqual(p.vertexY, partition.vertexY)
            XCTAssertEqual(core.view, view)
            XCTAssertEqual(core.camera, camera)
            XCTAssertEqual(core.pinnedPoint, pin)
            XCTAssertEqual(core.settings, settings)
            XCTAssertEqual(core.timeline.entries.map(\.epoch), epochs)
            XCTAssertEqual(core.history.count, statCount)
            XCTAssertEqual(core.liveEpoch, 25)
            XCTAssertEqual(core.task.outputCount, 4, "the four colour classes")
            XCTAssertFalse(core.hasUnsavedTraining)
            Self.train(core, s, to: 35)
            XCTAssertEqual(core.history.last?.epoch, 35, "training continues from the saved epoch")
            XCTAssertNotNil(core.history.last?.test, "with the held-out pixels of the saved split")
        }
    }

    func testBrokenOrFutureSessionsAreRefusedInOneLine() throws {
        let folder: URL = folder
        let good = folder.appendingPathComponent("good.nnviz")
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            Self.train(core, s, to: 3)
            core.saveSession(to: good.path)
            let bytes = try Data(contentsOf: good)
            let header = String(decoding: bytes.prefix(4096), as: UTF8.self)
            XCTAssertTrue(header.contains("nnviz-session"))
            let cases: [(String, Data, String)] = [
                ("garbage.nnviz", Data("not a session at all, just text".utf8), "garbage.nnviz:"),
                ("truncated.nnviz", bytes.prefix(bytes.count / 2), "truncated.nnviz:"),
                (
                    "model.nnviz",
                    try ModelFile(mlp: try XCTUnwrap(core.liveNetwork), domain: nil).safetensors.serialized(),
                    "is not an nnviz session"
                ),
                ("future.nnviz", try Self.futureVersion(of: bytes), "saved by a newer nnviz"),
            ]
            let epoch = core.liveEpoch
            for (name, data, expected) in cases {
                let url = folder.appendingPathComponent(name)
                try data.write(to: url)
                core.open(url.path)
                let message = try XCTUnwrap(core.message, name)
                XCTAssertTrue(message.contains(expected), "\(name): \(message)")
                XCTAssertFalse(message.contains("\n"), name)
                XCTAssertEqual(core.liveEpoch, epoch, "\(name): the window keeps its run")
                XCTAssertTrue(core.imagePath?.hasSuffix("disk64.png") == true)
            }
        }
    }

    /// The same session, marked as written by a later format version.
    static func futureVersion(of bytes: Data) throws -> Data {
        var file = try SafetensorsFile(data: bytes)
        let doc = try XCTUnwrap(file.metadata["nnviz.session"])
        file.metadata["nnviz.session"] = doc.replacingOccurrences(of: "\"version\":1", with: "\"version\":9")
        XCTAssertNotEqual(file.metadata["nnviz.session"], doc)
        return try file.serialized(as: nil)
    }
}
