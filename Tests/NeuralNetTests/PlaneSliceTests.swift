import NeuralNet
import XCTest

/// The plane through three anchors: its frame, its coordinates and the exact restriction of a network to it.
final class PlaneSliceTests: XCTestCase {
    private let a: [Double] = [1, 0, 2, -1, 0.5]
    private let b: [Double] = [0, 3, 1, 1, -2]
    private let c: [Double] = [2, 1, -1, 0, 1]

    private func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }

    func testFrameIsOrthonormalAndAnchorsMapBack() throws {
        let plane = try PlaneSlice(through: a, b, c)
        for i in 0..<5 { XCTAssertEqual(plane.origin[i], (a[i] + b[i] + c[i]) / 3, accuracy: 1e-15) }
        XCTAssertEqual(dot(plane.u, plane.u), 1, accuracy: 1e-15)
        XCTAssertEqual(dot(plane.v, plane.v), 1, accuracy: 1e-15)
        XCTAssertEqual(dot(plane.u, plane.v), 0, accuracy: 1e-15)
        // u points from A to B; A and B share t (the line AB is along u); C has t > 0.
        let ab = zip(b, a).map { $0 - $1 }
        XCTAssertEqual(dot(ab, plane.u), dot(ab, ab).squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(plane.anchorCoordinates[0][1], plane.anchorCoordinates[1][1], accuracy: 1e-14)
        XCTAssertGreaterThan(plane.anchorCoordinates[2][1], 0)
        for (anchor, st) in zip([a, b, c], plane.anchorCoordinates) {
            for (x, y) in zip(plane.point(st[0], st[1]), anchor) { XCTAssertEqual(x, y, accuracy: 1e-14) }
        }
        // The default square holds every anchor with room around it.
        let d = plane.defaultDomain
        XCTAssertEqual(d.width, d.height, accuracy: 1e-12)
        for st in plane.anchorCoordinates {
            XCTAssert(d.x0 < st[0] && st[0] < d.x1 && d.y0 < st[1] && st[1] < d.y1)
        }
    }

    func testExplicitOriginForm() throws {
        let plane = try PlaneSlice(origin: a, towardsU: b, towardsV: c)
        XCTAssertEqual(plane.origin, a)
        XCTAssertEqual(plane.anchorCoordinates[0], [0, 0])
    }

    func testRestrictionAgreesWithForwardPassesInInputSpace() throws {
        let layers = [
            DenseLayer(inputs: 5, outputs: 4, weight: (0..<20).map { sin(Double($0)) }, bias: [0.1, -0.2, 0.3, 0]),
            DenseLayer(inputs: 4, outputs: 3, weight: (0..<12).map { cos(Double($0)) }, bias: [0, 0.5, -0.5]),
        ]
        let network = try GeneralNetwork(layers: layers, activation: .leakyReLU(0.1))
        let plane = try PlaneSlice(through: a, b, c)
        let mlp = try network.restricted(to: plane)
        for k in 0..<50 {
            let (s, t) = (sin(Double(k)) * 3, cos(Double(k) * 1.3) * 3)
            for (x, y) in zip(mlp.outputs(s, t), network.outputs(plane.point(s, t))) {
                XCTAssertEqual(x, y, accuracy: 1e-12)
            }
        }
    }

    func testRefusals() throws {
        func refused(_ make: () throws -> Any, _ expected: String, line: UInt = #line) {
            XCTAssertThrowsError(try make(), line: line) { error in
                XCTAssertEqual("\(error)", expected, line: line)
            }
        }
        refused({ try PlaneSlice(through: a, a, c) }, "invalid plane: anchors 1 and 2 are the same point")
        refused({ try PlaneSlice(through: a, b, b) }, "invalid plane: anchors 2 and 3 are the same point")
        let mid = zip(a, b).map { ($0 + $1) / 2 }
        refused(
            { try PlaneSlice(through: a, b, mid) },
            "invalid plane: the three anchors are collinear, so they span no plane")
        refused(
            { try PlaneSlice(through: a, b, [1, 2]) },
            "invalid plane: the three points do not have the same number of coordinates")
        let network = try GeneralNetwork(
            layers: [
                DenseLayer(inputs: 3, outputs: 2, weight: [1, 0, 0, 0, 1, 0], bias: [0, 0]),
                DenseLayer(inputs: 2, outputs: 1, weight: [1, 1], bias: [0]),
            ], activation: .relu)
        refused(
            { try network.restricted(to: PlaneSlice(through: self.a, self.b, self.c)) },
            "invalid plane: the points have 5 coordinates but the model takes 3 inputs")
    }
}
