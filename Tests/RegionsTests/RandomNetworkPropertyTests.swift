import NeuralNet
import Regions
import XCTest

/// Property tests over many seeded random networks: ReLU and LeakyReLU, widths 1–64,
/// depths 1–5, square and off-centre rectangles.
final class RandomNetworkPropertyTests: XCTestCase {
    private let domains = [
        Domain.unitSquare,
        Domain(x0: 0.3, x1: 2.7, y0: -3.5, y1: -1.25),
        Domain(x0: -40, x1: 25, y0: 10, y1: 12),
    ]

    func testInvariantsOnManyRandomNetworks() throws {
        var rng = SeededGenerator(seed: 2024)
        var checked = 0
        for trial in 0..<240 {
            let depth = 1 + Int(rng.next() % 5)
            // Keep the product of widths moderate so the suite stays quick.
            let maxWidth = [64, 48, 24, 14, 10][depth - 1]
            let widths = (0..<depth).map { _ in 1 + Int(rng.next() % UInt64(maxWidth)) }
            let activation: Activation = trial % 2 == 0 ? .relu : .leakyReLU([0.02, 0.2, 0.5][trial % 3])
            let mlp = try MLP.pytorchDefault(hiddenWidths: widths, activation: activation, seed: UInt64(trial))
            let domain = domains[trial % domains.count]
            let p = try Partition.compute(mlp, domain: domain)
            PartitionChecks.assertExact(p, mlp, "trial \(trial) widths \(widths) \(activation) \(domain)")
            checked += p.faceCount
        }
        XCTAssertGreaterThan(checked, 15_000, "the trials should exercise many faces")
    }

    func testWideAndDeepNetworks() throws {
        for (widths, seed) in [([64, 64, 64], 1), ([16, 16, 16, 16, 16], 2), ([128], 3)] as [([Int], UInt64)] {
            let mlp = try MLP.pytorchDefault(hiddenWidths: widths, activation: .relu, seed: seed)
            let p = try Partition.compute(mlp, domain: .unitSquare)
            PartitionChecks.assertExact(p, mlp, "widths \(widths)")
        }
    }

    func testSingleThreadAndParallelAgree() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [48, 48, 48], activation: .leakyReLU(0.05), seed: 7)
        let a = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: 1))
        let b = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: 4))
        XCTAssertEqual(a.faceCount, b.faceCount)
        XCTAssertEqual(a.vertexX, b.vertexX)
        XCTAssertEqual(a.logits, b.logits)
    }

    func testFacesPerLayerGrowAndLastLayerMatches() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [20, 20, 20], activation: .relu, seed: 5)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        XCTAssertEqual(p.facesPerLayer.count, 3)
        XCTAssertEqual(p.facesPerLayer, p.facesPerLayer.sorted())
        // The first layer alone is a line arrangement: compare with a one-layer network of it.
        let firstOnly = try MLP(layers: [mlp.layers[0], DenseLayer(inputs: 20, outputs: 1, weight: .init(repeating: 1, count: 20), bias: [0])], activation: .relu)
        XCTAssertEqual(try Partition.compute(firstOnly, domain: .unitSquare).faceCount, p.facesPerLayer[0])
    }
}
