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
        var boundarySplits = 0
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
            if trial % 4 == 1 {
                // With the logit's median moved to 0 the boundary crosses many faces.
                let centred = try DecisionChecks.centred(mlp, domain: domain)
                let q = try Partition.compute(centred, domain: domain)
                PartitionChecks.assertExact(q, centred, "trial \(trial) centred")
                boundarySplits += q.decisionRegions - q.faceCount
            }
        }
        XCTAssertGreaterThan(checked, 15_000, "the trials should exercise many faces")
        XCTAssertGreaterThan(boundarySplits, 500, "the centred boundaries should split many faces")
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

    /// Large enough that the layer products and the finishing stage really split their work:
    /// the same mesh, numbered the same, as one thread.
    func testTwoThreadsMatchOneThreadOnLargerNetworks() throws {
        for (widths, activation, seed) in [
            ([64, 64, 64], Activation.relu, 11), ([48, 48, 48, 48], .leakyReLU(0.02), 12),
        ]
            as [([Int], Activation, UInt64)]
        {
            let mlp = try MLP.pytorchDefault(hiddenWidths: widths, activation: activation, seed: seed)
            let a = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: 1))
            let b = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: 2))
            XCTAssertEqual(a.faceCount, b.faceCount, "\(widths)")
            XCTAssertEqual(a.vertexX, b.vertexX, "\(widths)")
            XCTAssertEqual(a.vertexY, b.vertexY, "\(widths)")
            XCTAssertEqual(a.vertexLogit, b.vertexLogit, "\(widths)")
            XCTAssertEqual(a.logits, b.logits, "\(widths)")
            XCTAssertEqual(a.facesPerLayer, b.facesPerLayer, "\(widths)")
            XCTAssertEqual(a.edges.map { a.edgeEndpoints($0).0 }, b.edges.map { b.edgeEndpoints($0).0 }, "\(widths)")
            XCTAssertEqual(a.edges.map { a.edgeFaces($0).1 }, b.edges.map { b.edgeFaces($0).1 }, "\(widths)")
            XCTAssert((0..<a.faceCount).allSatisfy { a.patternWords($0) == b.patternWords($0) }, "\(widths)")
            PartitionChecks.assertExact(b, mlp, "two threads, widths \(widths)")
        }
    }

    func testFacesPerLayerGrowAndLastLayerMatches() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [20, 20, 20], activation: .relu, seed: 5)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        XCTAssertEqual(p.facesPerLayer.count, 3)
        XCTAssertEqual(p.facesPerLayer, p.facesPerLayer.sorted())
        // The first layer alone is a line arrangement: compare with a one-layer network of it.
        let firstOnly = try MLP(
            layers: [
                mlp.layers[0], DenseLayer(inputs: 20, outputs: 1, weight: .init(repeating: 1, count: 20), bias: [0]),
            ], activation: .relu)
        XCTAssertEqual(try Partition.compute(firstOnly, domain: .unitSquare).faceCount, p.facesPerLayer[0])
    }
}
