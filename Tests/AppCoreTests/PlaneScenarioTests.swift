import AppCore
import Foundation
import NeuralNet
import Regions
import XCTest

/// A model with more than two inputs in the window's core: it waits for a points file, is shown
/// exactly on the plane through three of its rows, follows new anchors, refuses bad ones with one
/// line while keeping what is shown, and saves the model as opened.
final class PlaneScenarioTests: AppCoreTestCase {
    /// A 5-input, 3-class ReLU model and 30 labelled points in three clusters, as files.
    static func files() throws -> (model: String, points: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-plane-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: 9)
        let dims = [5, 12, 10, 3]
        let layers = (0..<3).map { i in
            DenseLayer(
                inputs: dims[i], outputs: dims[i + 1],
                weight: (0..<(dims[i] * dims[i + 1])).map { _ in rng.symmetric(0.8) },
                bias: (0..<dims[i + 1]).map { _ in rng.symmetric(0.3) })
        }
        let network = try GeneralNetwork(layers: layers, activation: .relu)
        let model = folder.appendingPathComponent("five.safetensors")
        try network.write(to: model, task: .classes(ClassColor.defaultPalette(count: 3)), dtype: .f64)
        var csv = "a,b,c,d,e,label\n"
        for k in 0..<30 {
            let centre = Double(k % 3) - 1
            csv +=
                (0..<5).map { _ in String(centre + rng.symmetric(0.4)) }.joined(separator: ",")
                + ",\(["cat", "dog", "owl"][k % 3])\n"
        }
        let points = folder.appendingPathComponent("points.csv")
        try csv.write(to: points, atomically: true, encoding: .utf8)
        return (model.path, points.path, folder)
    }

    func testModelWaitsForPointsThenShowsTheExactPlane() throws {
        let f = try Self.files()
        defer { try? FileManager.default.removeItem(at: f.folder) }
        try withCore { core, s in
            core.open(f.model)
            XCTAssertNil(core.message)
            XCTAssertEqual(core.planeRequest?.network.inputCount, 5, "the model waits for its points")
            XCTAssertNil(core.plane)
            XCTAssertNil(core.modelPath, "nothing on screen changed yet")

            core.openPoints(f.points)
            XCTAssertNil(core.message)
            let plane = try XCTUnwrap(core.plane)
            XCTAssertNil(core.planeRequest)
            XCTAssertEqual(plane.anchors, [0, 1, 2], "the first rows of the first three labels")
            XCTAssertEqual(plane.anchorNames, ["A: row 0 (cat)", "B: row 1 (dog)", "C: row 2 (owl)"])
            XCTAssertEqual(core.modelPath, f.model)
            XCTAssertEqual(core.task.outputCount, 3)
            XCTAssertNil(core.dataset, "nothing to train on")
            XCTAssertFalse(core.canTrain)
            XCTAssertTrue(core.planeSummary?.contains("5-input model") ?? false)
            XCTAssertTrue(
                s.run(until: { core.partition != nil }, timeout: 60),
                "\(core.partitionMessage ?? "no partition message"), generation \(core.partitionGeneration)")
            let p = try XCTUnwrap(core.partition)
            XCTAssertEqual(p.domain, plane.slice.defaultDomain)
            // The map is the original network on the plane: every region's maps are a forward pass
            // of the 5-input network at plane points.
            for face in stride(from: 0, to: p.faceCount, by: max(1, p.faceCount / 40)) {
                let c = p.centroid(face)
                let direct = plane.model.network.outputs(plane.slice.point(c.x, c.y))
                for (k, m) in p.maps(face: face).enumerated() {
                    XCTAssertEqual(m.a * c.x + m.b * c.y + m.c, direct[k], accuracy: 1e-9)
                }
            }
            // The inspector speaks of plane coordinates.
            core.hover(at: Point(plane.slice.anchorCoordinates[0][0], plane.slice.anchorCoordinates[0][1]))
            let report = try XCTUnwrap(InspectorReport.make(core))
            XCTAssertTrue(report.formulas[0].text.contains("·s"), report.formulas[0].text)
            XCTAssertTrue(report.formulas[0].text.contains("·t"), report.formulas[0].text)
            XCTAssertTrue(report.atPointer?.hasPrefix("at (s, t) = ") ?? false)

            // New anchors: the plane and the map follow.
            core.setAnchors([3, 7, 11])
            XCTAssertNil(core.message)
            XCTAssertEqual(core.plane?.anchors, [3, 7, 11])
            core.setAnchor(1, row: 20)
            XCTAssertEqual(core.plane?.anchors, [3, 20, 11])
            XCTAssertTrue(s.run(until: { core.partition?.domain == core.plane?.slice.defaultDomain }))
        }
    }

    /// A session of a model on a plane reopens on the same plane, zoomed the same, with the same
    /// partition, and Save model still writes the model with all its inputs.
    func testAPlaneSessionReopensOnTheSamePlane() throws {
        let f = try Self.files()
        defer { try? FileManager.default.removeItem(at: f.folder) }
        let path = f.folder.appendingPathComponent("plane.nnviz").path
        var saved: (Partition, Domain, [Int], ViewOptions)?
        try withCore { core, s in
            core.open(f.model)
            core.openPoints(f.points)
            core.setAnchors([3, 7, 11])
            core.setColoring(.slope)
            core.zoom(by: 0.5, about: Point(0.1, 0.2))
            XCTAssertTrue(s.run(until: { core.partition?.domain == core.viewBox }, timeout: 60))
            XCTAssertTrue(core.canSaveSession)
            core.saveSession(to: path)
            XCTAssertEqual(core.notice, "Saved to \(path)")
            saved = (try XCTUnwrap(core.partition), core.viewBox, try XCTUnwrap(core.plane?.anchors), core.view)
        }
        let (partition, box, anchors, view) = try XCTUnwrap(saved)
        try withCore { core, s in
            core.open(path)
            XCTAssertNil(core.message, core.message ?? "")
            let plane = try XCTUnwrap(core.plane, "the session reopens on a plane")
            XCTAssertEqual(plane.anchors, anchors)
            XCTAssertEqual(plane.pointsPath, f.points)
            XCTAssertEqual(plane.points.labels?.prefix(3), ["cat", "dog", "owl"])
            XCTAssertEqual(core.modelPath, f.model)
            XCTAssertEqual(core.view, view)
            XCTAssertFalse(core.canTrain)
            XCTAssertTrue(s.run(until: { core.partition?.domain == box }, timeout: 60), "the saved box")
            let p = try XCTUnwrap(core.partition)
            XCTAssertEqual(p.faceCount, partition.faceCount)
            XCTAssertEqual(p.vertexX, partition.vertexX, "the same vertices, bit for bit")
            XCTAssertEqual(p.vertexY, partition.vertexY)
            let original = try NetworkFile(contentsOf: URL(fileURLWithPath: f.model)).network
            XCTAssertEqual(
                plane.model.network.layers.map(\.weight), original.layers.map(\.weight), "the model, bit for bit")
            XCTAssertEqual(plane.model.network.layers.map(\.bias), original.layers.map(\.bias))
            let resaved = f.folder.appendingPathComponent("again.safetensors").path
            core.saveModel(to: resaved)
            let again = try NetworkFile(contentsOf: URL(fileURLWithPath: resaved)).network
            XCTAssertEqual(again.inputCount, 5, "Save model writes the model with all its inputs")
            XCTAssertEqual(again.layers.map(\.weight), original.layers.map(\.weight), "in F64, bit for bit")
        }
        // A plane whose points were cut away is refused in one line.
        var file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: path))
        file.tensors["plane.points"] = nil
        let damaged = f.folder.appendingPathComponent("damaged.nnviz")
        try file.serialized(as: nil).write(to: damaged)
        try withCore { core, _ in
            core.open(damaged.path)
            XCTAssertEqual(
                core.message, "damaged.nnviz: the session is damaged: its plane description is incomplete")
            XCTAssertNil(core.plane)
        }
    }

    func testRefusalsKeepThePlaneAndSayWhyInOneLine() throws {
        let f = try Self.files()
        defer { try? FileManager.default.removeItem(at: f.folder) }
        // Three rows on one line: 0, 1 and their midpoint 2.
        let collinear = f.folder.appendingPathComponent("line.csv")
        try "1,0,0,0,0\n3,2,0,0,0\n2,1,0,0,0\n".write(to: collinear, atomically: true, encoding: .utf8)
        let four = f.folder.appendingPathComponent("four.csv")
        try "1,2,3,4\n5,6,7,8\n".write(to: four, atomically: true, encoding: .utf8)
        let broken = f.folder.appendingPathComponent("broken.csv")
        try "1,2,3,4,5\n1,2\n".write(to: broken, atomically: true, encoding: .utf8)
        try withCore { core, s in
            core.setAnchors([0, 1, 2])
            XCTAssertEqual(core.message, "Open a model with more than two inputs to choose a plane.")
            core.openPoints(f.points)
            XCTAssertEqual(core.message, "Open a model with more than two inputs first.")

            core.open(f.model)
            core.openPoints(four.path)
            XCTAssertEqual(core.message, "four.csv: the points have 4 coordinates but five.safetensors takes 5 inputs")
            XCTAssertNotNil(core.planeRequest, "still waiting for usable points")
            core.openPoints(broken.path)
            XCTAssertEqual(core.message, "broken.csv: bad points file: CSV line 2 has 2 fields, not 5")
            core.openPoints(collinear.path)
            XCTAssertEqual(
                core.message, "line.csv: invalid plane: the three anchors are collinear, so they span no plane")
            XCTAssertNil(core.plane)

            core.openPoints(f.points)
            XCTAssertNil(core.message)
            XCTAssertTrue(s.run(until: { core.partition != nil }))
            let before = core.plane?.anchors
            for (rows, expected) in [
                ([0, 0, 1], "invalid plane: the three anchors must be three different rows"),
                ([0, 1, 30], "invalid plane: row 30 is out of range: the file has 30 points"),
                ([0, 1], "invalid plane: a plane needs three anchors"),
            ] {
                core.setAnchors(rows)
                XCTAssertEqual(core.message, expected)
                XCTAssertEqual(core.plane?.anchors, before, "the plane stays as it was")
            }
            XCTAssertEqual(core.modelPath, f.model)

            // Cancelling the points of another many-input model keeps what is shown.
            core.open(f.model)
            XCTAssertNotNil(core.planeRequest)
            core.cancelPoints()
            XCTAssertNil(core.planeRequest)
            XCTAssertEqual(core.plane?.anchors, before)
            XCTAssertTrue(core.notice?.contains("was not opened") ?? false)
        }
    }

    func testSaveModelWritesTheOriginalNetworkAndAnImageLeavesThePlane() throws {
        let f = try Self.files()
        defer { try? FileManager.default.removeItem(at: f.folder) }
        try withCore { core, s in
            core.open(f.model)
            core.openPoints(f.points)
            XCTAssertTrue(s.run(until: { core.partition != nil }))
            let saved = f.folder.appendingPathComponent("saved.safetensors").path
            core.saveModel(to: saved)
            XCTAssertNil(core.message)
            let reread = try NetworkFile(contentsOf: URL(fileURLWithPath: saved))
            let original = try NetworkFile(contentsOf: URL(fileURLWithPath: f.model))
            XCTAssertEqual(reread.network.inputCount, 5, "the model as opened, not the folded two-input one")
            XCTAssertEqual(reread.task, original.task)
            for (a, b) in zip(reread.network.layers, original.network.layers) {
                XCTAssertEqual(a.weight.map(Float.init), b.weight.map(Float.init))
                XCTAssertEqual(a.bias.map(Float.init), b.bias.map(Float.init))
            }

            Self.open("disk64.png", in: core, s)
            XCTAssertNil(core.plane)
            XCTAssertNil(core.planeRequest)
            XCTAssertTrue(core.canTrain)
        }
    }
}
