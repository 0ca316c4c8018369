import NeuralNet
import XCTest

/// The data overview's principal components, against a cloud whose spread is known by construction.
final class PrincipalComponentsTests: XCTestCase {
    func testRecoversTheDirectionsOfLargestSpread() {
        // Points a·e1 + b·e2 + c·e3 in a rotated 5-D frame, for every a, b, c of a full factorial
        // design: the spreads (5, 2.5, 0.25 before the n − 1 correction) are exactly uncorrelated.
        let s = 1 / 2.0.squareRoot()
        let e1: [Double] = [s, s, 0, 0, 0]
        let e2: [Double] = [0, 0, 0.6, 0.8, 0]
        let e3: [Double] = [s, -s, 0, 0, 0]
        let offset: [Double] = [1, -2, 0.5, 3, 7]
        var rows: [[Double]] = []
        for a in [-3.0, -1, 1, 3] {
            for b in [-2.0, -1, 1, 2] {
                for c in [-0.5, 0.5] { rows.append((0..<5).map { offset[$0] + a * e1[$0] + b * e2[$0] + c * e3[$0] }) }
            }
        }
        let pca = PrincipalComponents(rows)
        func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
        XCTAssertEqual(abs(dot(pca.axes[0], e1)), 1, accuracy: 1e-9)
        XCTAssertEqual(abs(dot(pca.axes[1], e2)), 1, accuracy: 1e-9)
        XCTAssertEqual(dot(pca.axes[0], pca.axes[1]), 0, accuracy: 1e-12)
        XCTAssertEqual(pca.variances[0], 5 * 32 / 31, accuracy: 1e-9)
        XCTAssertEqual(pca.variances[1], 2.5 * 32 / 31, accuracy: 1e-9)
        for i in 0..<5 { XCTAssertEqual(pca.mean[i], offset[i], accuracy: 1e-12) }
        // Each coordinate is the centred point's projection.
        for (row, xy) in zip(rows, pca.coordinates) {
            let centred = zip(row, pca.mean).map { $0 - $1 }
            XCTAssertEqual(xy[0], dot(centred, pca.axes[0]), accuracy: 1e-12)
            XCTAssertEqual(xy[1], dot(centred, pca.axes[1]), accuracy: 1e-12)
        }
        // The same points give the same picture.
        XCTAssertEqual(PrincipalComponents(rows), pca)
    }

    func testLowRankAndOneDimensionalData() {
        // All points on one line in 3-D: the second axis carries no spread.
        let line = (0..<20).map { i -> [Double] in [Double(i), 2 * Double(i), -Double(i)] }
        let pca = PrincipalComponents(line)
        XCTAssertEqual(pca.variances[1], 0, accuracy: 1e-9)
        XCTAssertEqual(pca.coordinates.count, 20)
        // One coordinate: a zero second axis rather than a crash.
        let flat = PrincipalComponents([[1], [2], [4]])
        XCTAssertEqual(flat.axes[1], [0])
        XCTAssertEqual(flat.coordinates.map { $0[1] }, [0, 0, 0])
    }
}
