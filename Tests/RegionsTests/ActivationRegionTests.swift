import Foundation
import NeuralNet
import Regions
import XCTest

/// A pattern's whole region, cut from the box by one half-plane per neuron, is exactly the face
/// the engine built for it: the same area on the full box, and on a zoomed box the region of the
/// face that holds the same point in the full partition.
final class ActivationRegionTests: XCTestCase {
    func testEachFaceIsItsPatternsWholeRegion() throws {
        for (widths, slope, seed) in [([8, 8], 0.0, UInt64(1)), ([12, 12, 12], 0.02, 2), ([6, 10, 6, 4], 0.0, 3)] {
            let mlp = try MLP.pytorchDefault(hiddenWidths: widths, activation: .leakyReLU(slope), seed: seed)
            let p = try Partition.compute(mlp, domain: .unitSquare)
            for f in 0..<p.faceCount {
                let region = ActivationRegion(mlp, in: .unitSquare) { l, j in p.isActive(face: f, layer: l, index: j) }
                XCTAssertEqual(region.area, p.areas[f], accuracy: 1e-9 + 1e-7 * p.areas[f], "\(widths) face \(f)")
            }
        }
    }

    func testAZoomedFaceReportsItsWholeRegion() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [16, 16, 16], activation: .relu, seed: 7)
        let full = try Partition.compute(mlp, domain: .unitSquare)
        let box = Domain(x0: -0.2, x1: 0.15, y0: 0.1, y1: 0.4)
        let zoomed = try Partition.compute(mlp, domain: box)
        for f in 0..<zoomed.faceCount {
            let c = zoomed.centroid(f)
            let whole = ActivationRegion(mlp, in: .unitSquare) { l, j in zoomed.isActive(face: f, layer: l, index: j) }
            let g = try XCTUnwrap(full.face(at: c))
            XCTAssertEqual(whole.area, full.areas[g], accuracy: 1e-9 + 1e-7 * full.areas[g], "face \(f)")
            XCTAssertGreaterThanOrEqual(whole.area, zoomed.areas[f] * (1 - 1e-9))
        }
    }
}
