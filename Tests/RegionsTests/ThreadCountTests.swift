import NeuralNet
import Regions
import XCTest

/// Threads split the layer products and the finishing stage: the partition must be the very same
/// (every vertex, edge, face, pattern and map, in the same order) whatever the thread count, and
/// exact.
final class ThreadCountTests: XCTestCase {
    private func assertIdentical(_ a: Partition, _ b: Partition, _ label: String) {
        XCTAssertEqual(a.faceCount, b.faceCount, label)
        XCTAssertEqual(a.facesPerLayer, b.facesPerLayer, label)
        XCTAssertEqual(a.vertexX, b.vertexX, label)
        XCTAssertEqual(a.vertexY, b.vertexY, label)
        XCTAssertEqual(a.vertexOutputs, b.vertexOutputs, label)
        XCTAssertEqual(a.outputMaps, b.outputMaps, label)
        XCTAssertEqual(a.areas, b.areas, label)
        XCTAssertEqual(a.boundary, b.boundary, label)
        XCTAssertEqual(a.decisionRegions, b.decisionRegions, label)
        XCTAssertEqual(a.edges, b.edges, label)
        for f in 0..<min(a.faceCount, b.faceCount) where a.vertexIndices(f) != b.vertexIndices(f) {
            return XCTFail("\(label): face \(f) has other corners")
        }
        for f in 0..<min(a.faceCount, b.faceCount) where a.patternWords(f) != b.patternWords(f) {
            return XCTFail("\(label): face \(f) has another pattern")
        }
    }

    func testPartitionIsTheSameForAnyThreadCount() throws {
        // Large enough that the products and the finishing stage run on several threads.
        let cases: [([Int], Int, Activation)] = [
            ([80, 80, 80, 80], 1, .relu), ([64, 64, 64, 64, 64, 64], 3, .leakyReLU(0.02)), ([128, 128], 1, .relu),
        ]
        for (widths, outputs, activation) in cases {
            let mlp = try MLP.pytorchDefault(hiddenWidths: widths, outputs: outputs, activation: activation, seed: 7)
            let one = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: 1))
            XCTAssertGreaterThan(one.faceCount, 5000, "\(widths) is large enough to be cut in several ranges")
            XCTAssertEqual(one.numericalConflicts, 0)
            for threads in [2, 3, 8] {
                let many = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: threads))
                assertIdentical(one, many, "\(widths) with \(threads) threads")
            }
            // And exact: each face's maps are the network's at its centroid.
            for f in stride(from: 0, to: one.faceCount, by: 97) {
                let c = one.centroid(f)
                let out = mlp.outputs(c.x, c.y)
                for k in 0..<outputs {
                    XCTAssertEqual(one.maps(face: f)[f * outputs + k](c.x, c.y), out[k], accuracy: 1e-9)
                }
            }
        }
    }

    func testCutStoppedWhileTheNextProductRunsBesideIt() throws {
        // With two threads the next layer's product runs beside each cut after the first: a cut
        // that stops at the face limit stops that product too and reports the limit.
        let mlp = try MLP.pytorchDefault(hiddenWidths: [48, 48, 48, 48], activation: .relu, seed: 5)
        let full = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: 1))
        for layer in 1..<3 {
            let limit = (full.facesPerLayer[layer - 1] + full.facesPerLayer[layer]) / 2
            XCTAssertThrowsError(
                try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(maxFaces: limit, threads: 2))
            ) {
                XCTAssertEqual($0 as? PartitionError, .tooManyFaces(limit: limit))
            }
        }
        let again = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: 2))
        assertIdentical(full, again, "after stopped runs")
    }
}
