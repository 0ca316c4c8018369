import NeuralNet
import Regions
import XCTest

/// Hand-made degenerate networks: the engine must stay exact where lines meet in one point,
/// coincide, vanish, run along the border or are nearly parallel, at any weight scale.
final class DegenerateNetworkTests: XCTestCase {
    private func partition(_ mlp: MLP, _ domain: Domain = .unitSquare, _ label: String) throws -> Partition {
        let p = try Partition.compute(mlp, domain: domain)
        PartitionChecks.assertExact(p, mlp, label)
        return p
    }

    func testLinesThroughOnePoint() throws {
        let mlp = PartitionChecks.lines([(1, 0, 0), (0, 1, 0), (1, 1, 0), (1, -1, 0), (1, 2, 0)])
        XCTAssertEqual(try partition(mlp, .unitSquare, "five lines through the origin").faceCount, 10)
    }

    func testLinesThroughDomainCorners() throws {
        // Both diagonals pass through two corners each; x + y = 2 touches only the corner (1, 1).
        let mlp = PartitionChecks.lines([(1, -1, 0), (1, 1, 0), (1, 1, -2)])
        XCTAssertEqual(try partition(mlp, .unitSquare, "diagonals").faceCount, 4)
    }

    func testLineThroughAVertexMadeByEarlierLines() throws {
        // x = 0.25 and y = 0.5 meet at (0.25, 0.5); the third line passes exactly there.
        let mlp = PartitionChecks.lines([(1, 0, -0.25), (0, 1, -0.5), (2, -1, 0)])
        XCTAssertEqual(try partition(mlp, .unitSquare, "concurrent lines").faceCount, 6)
    }

    func testDuplicateScaledAndNegatedNeurons() throws {
        let mlp = PartitionChecks.lines([(0.3, -0.7, 0.1), (0.3, -0.7, 0.1), (0.6, -1.4, 0.2), (-0.3, 0.7, -0.1)])
        XCTAssertEqual(try partition(mlp, .unitSquare, "duplicates").faceCount, 2)
    }

    func testZeroRowsAndConstantNeurons() throws {
        let mlp = PartitionChecks.lines([(0, 0, 0), (0, 0, 0.5), (0, 0, -0.5), (1, 0, 0)])
        let p = try partition(mlp, .unitSquare, "zero rows")
        XCTAssertEqual(p.faceCount, 2)
        for f in 0..<p.faceCount {
            XCTAssertFalse(p.isActive(face: f, layer: 0, index: 0), "a zero neuron is never active")
            XCTAssertTrue(p.isActive(face: f, layer: 0, index: 1))
            XCTAssertFalse(p.isActive(face: f, layer: 0, index: 2))
        }
    }

    func testLinesAlongTheBorder() throws {
        let mlp = PartitionChecks.lines([(1, 0, -1), (0, 1, 1), (-1, 0, -1), (0, 1, -1), (1, 0, 0)])
        XCTAssertEqual(try partition(mlp, .unitSquare, "border lines").faceCount, 2)
        let offCentre = Domain(x0: 2, x1: 5, y0: -1, y1: 0)
        let border = PartitionChecks.lines([(1, 0, -2), (1, 0, -5), (0, 1, 0), (0, 1, 1)])
        XCTAssertEqual(try partition(border, offCentre, "border lines off centre").faceCount, 1)
    }

    func testNearlyParallelLines() throws {
        for angle in [1e-3, 1e-6, 1e-9] {
            let mlp = PartitionChecks.lines([(0, 1, 0), (-angle, 1, 0)])
            XCTAssertEqual(
                try partition(mlp, .unitSquare, "angle \(angle)").faceCount, 4, "two lines crossing at angle \(angle)")
        }
        // Parallel and very close, but not touching inside the domain.
        let close = PartitionChecks.lines([(0, 1, 0), (0, 1, -1e-7), (0, 1, 1e-7)])
        XCTAssertEqual(try partition(close, .unitSquare, "close parallel lines").faceCount, 4)
        // Closer than the zero tolerance (1e-11 relative): treated as one line, still exact elsewhere.
        let merged = try partition(
            PartitionChecks.lines([(0, 1, 0), (-1e-13, 1, 0)]), .unitSquare, "indistinguishable lines")
        XCTAssertTrue([2, 4].contains(merged.faceCount))
    }

    func testWeightScalesFrom1eMinus8To1e8() throws {
        let base = try MLP.pytorchDefault(hiddenWidths: [12, 12, 12], activation: .relu, seed: 11)
        let reference = try partition(base, .unitSquare, "scale 1").faceCount
        for s in [1e-8, 1e-4, 1e4, 1e8] {
            // ReLU is positively homogeneous: scaling every layer's weights and biases keeps the regions.
            var scaled = base
            for l in scaled.layers.indices {
                scaled.layers[l].weight = scaled.layers[l].weight.map { $0 * s }
                scaled.layers[l].bias = scaled.layers[l].bias.map { $0 * pow(s, Double(l + 1)) }
            }
            XCTAssertEqual(try partition(scaled, .unitSquare, "scale \(s)").faceCount, reference, "scale \(s)")
        }
        // Mixed scales inside one network.
        var mixed = base
        mixed.layers[0].weight = mixed.layers[0].weight.map { $0 * 1e8 }
        mixed.layers[0].bias = mixed.layers[0].bias.map { $0 * 1e8 }
        mixed.layers[1].weight = mixed.layers[1].weight.map { $0 * 1e-8 }
        XCTAssertEqual(try partition(mixed, .unitSquare, "mixed scales").faceCount, reference)
    }

    func testDeepNeuronThatVanishesOnARegion() throws {
        // Layer 2 copies relu(x): zero on the whole half-plane x < 0, never a line there.
        let mlp = PartitionChecks.network([
            ([[1, 0], [0, 1]], [0, 0]),
            ([[1, 0], [1, -1]], [0, 0]),
            ([[1, 1]], [-0.2]),
        ])
        let p = try partition(mlp, .unitSquare, "vanishing neuron")
        XCTAssertGreaterThanOrEqual(p.faceCount, 4)
    }

    func testTinyAndHugeDomains() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [10, 10], activation: .leakyReLU(0.1), seed: 3)
        _ = try partition(mlp, Domain(x0: 0.1, x1: 0.1 + 1e-6, y0: -0.2, y1: -0.2 + 1e-6), "tiny domain")
        _ = try partition(mlp, Domain(x0: -1e4, x1: 1e4, y0: -1e4, y1: 1e4), "huge domain")
    }
}
