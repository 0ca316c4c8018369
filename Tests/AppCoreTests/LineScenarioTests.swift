import AppCore
import Foundation
import NeuralNet
import Regions
import XCTest

/// The 1-D view in the core: two points of the map give the exact slice of the shown network
/// along their line; on a plane, two anchors give the slice of the many-input model through
/// those data points.
final class LineScenarioTests: AppCoreTestCase {
    func testTwoPointsOfTheMapGiveTheExactSliceOfTheShownNetwork() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            XCTAssertNil(core.lineSlice)
            core.addLinePoint(Point(-0.8, -0.3))
            XCTAssertNil(core.lineSlice, "one point is no line yet")
            core.addLinePoint(Point(-0.8, -0.3))
            XCTAssertEqual(
                core.message, "The line needs two different points: Shift+click another point of the map.")
            core.addLinePoint(Point(0.7, 0.5))
            let line = try XCTUnwrap(core.lineSlice)
            let mlp = try XCTUnwrap(core.shownNetwork)
            for p in line.pieces {
                let x = line.point(at: p.midpoint)
                XCTAssertEqual(p.outputs(at: p.midpoint)[0], mlp.outputs(x[0], x[1])[0], accuracy: 1e-12)
            }
            XCTAssertEqual(line.point(at: 0), [-0.8, -0.3])
            XCTAssertEqual(line.point(at: 1), [0.7, 0.5])
            // The slice follows the network as it trains.
            let before = line.pieces.map(\.slopes)
            Self.train(core, s, to: 20)
            XCTAssertNotEqual(core.lineSlice?.pieces.map(\.slopes), before)
            // A third point starts a new line.
            core.addLinePoint(Point(0, 0))
            XCTAssertEqual(core.lineEnds, [Point(0, 0)])
            core.clearLine()
            XCTAssertTrue(core.lineEnds.isEmpty)
        }
    }

    func testOnAPlaneTheLineThroughTwoAnchorsIsTheModelThroughThoseDataPoints() throws {
        let f = try PlaneScenarioTests.files()
        defer { try? FileManager.default.removeItem(at: f.folder) }
        try withCore { core, s in
            core.lineThroughAnchors()
            XCTAssertEqual(core.message, "Choose a plane first: the line runs through two of its anchors.")
            core.open(f.model)
            core.openPoints(f.points)
            let plane = try XCTUnwrap(core.plane)
            core.lineThroughAnchors(0, 2)
            XCTAssertEqual(core.lineNames, ["A: row 0 (cat)", "C: row 2 (owl)"])
            let line = try XCTUnwrap(core.lineSlice)
            // The same line in the model's five inputs: τ = 0 is row 0, τ = 1 is row 2.
            let a = plane.points.rows[0]
            let c = plane.points.rows[2]
            let direct = try LineSlice(plane.model.network, from: a, to: c)
            XCTAssertEqual(line.breakpoints.count, direct.breakpoints.count)
            for (x, y) in zip(line.breakpoints, direct.breakpoints) { XCTAssertEqual(x, y, accuracy: 1e-9) }
            for p in line.pieces {
                let inputs = zip(a, c).map { $0 + p.midpoint * ($1 - $0) }
                for (x, y) in zip(p.outputs(at: p.midpoint), plane.model.network.outputs(inputs)) {
                    XCTAssertEqual(x, y, accuracy: 1e-9)
                }
            }
            // New anchors: the old plane's line is gone.
            core.setAnchors([4, 5, 6])
            XCTAssertTrue(core.lineEnds.isEmpty)
            _ = s
        }
    }
}
