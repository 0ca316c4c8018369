import Foundation
import NeuralNet
import Regions
import XCTest

/// Networks built to break the engine: many lines through one point, families of nearly
/// parallel lines, duplicated neurons deep in the network, lines on the border after a bend.
final class AdversarialNetworkTests: XCTestCase {
    private func deeper(_ first: DenseLayer, width: Int, seed: UInt64) throws -> MLP {
        let tail = try MLP.pytorchDefault(
            hiddenWidths: [first.outputs, width], activation: .leakyReLU(0.1), seed: seed)
        return try MLP(layers: [first] + tail.layers.dropFirst(), activation: .leakyReLU(0.1))
    }

    func testSixtyFourLinesThroughOnePoint() throws {
        let p = (0.1, -0.2)
        var w: [Double] = []
        var b: [Double] = []
        for k in 0..<64 {
            let t = Double.pi * Double(k) / 64 + 0.013
            w += [cos(t), sin(t)]
            b.append(-(cos(t) * p.0 + sin(t) * p.1))
        }
        let mlp = try deeper(DenseLayer(inputs: 2, outputs: 64, weight: w, bias: b), width: 12, seed: 5)
        let partition = try Partition.compute(mlp, domain: .unitSquare)
        PartitionChecks.assertExact(partition, mlp, "64 concurrent lines")
        XCTAssertEqual(partition.facesPerLayer[0], 128, "64 lines through an inner point make 128 sectors")
    }

    func testFamiliesOfNearlyParallelLines() throws {
        var rng = SeededGenerator(seed: 17)
        for (spread, offset) in [(1e-3, 1e-2), (1e-6, 1e-4), (1e-9, 1e-6)] {
            var w: [Double] = []
            var b: [Double] = []
            for k in 0..<40 {
                let slope = spread * (Double(k) + rng.unit())
                w += [-slope, 1]
                b.append(-offset * Double(k - 20) * (1 + 0.1 * rng.unit()))
            }
            let mlp = try deeper(DenseLayer(inputs: 2, outputs: 40, weight: w, bias: b), width: 10, seed: 3)
            PartitionChecks.assertExact(try Partition.compute(mlp, domain: .unitSquare), mlp, "spread \(spread)")
        }
    }

    func testDuplicatedNeuronsDeepInTheNetwork() throws {
        let base = try MLP.pytorchDefault(hiddenWidths: [12, 10, 8], activation: .relu, seed: 23)
        // Layer 2 with every neuron twice, and layer 3 reading the copies with halved weights.
        let l1 = base.layers[1]
        let l2 = base.layers[2]
        let doubled = DenseLayer(
            inputs: l1.inputs, outputs: 2 * l1.outputs, weight: l1.weight + l1.weight, bias: l1.bias + l1.bias)
        var w2: [Double] = []
        for o in 0..<l2.outputs {
            let row = (0..<l2.inputs).map { l2.w(o, $0) / 2 }
            w2 += row + row
        }
        let spread = DenseLayer(inputs: 2 * l2.inputs, outputs: l2.outputs, weight: w2, bias: l2.bias)
        let twin = try MLP(layers: [base.layers[0], doubled, spread, base.layers[3]], activation: .relu)
        let a = try Partition.compute(base, domain: .unitSquare)
        let b = try Partition.compute(twin, domain: .unitSquare)
        PartitionChecks.assertExact(b, twin, "duplicated deep neurons")
        XCTAssertEqual(b.faceCount, a.faceCount, "a duplicate neuron adds no region")
        for x in stride(from: -0.9, through: 0.9, by: 0.3) {
            XCTAssertEqual(twin.logit(x, 0.37), base.logit(x, 0.37), accuracy: 1e-12)
        }
    }

    func testSecondLayerLinesAlongTheBorder() throws {
        // Layer 1 is the identity's positive parts; layer 2 neurons are x − 1, y + 1, … : after the
        // bend they lie exactly on the domain's border or outside it.
        let first = DenseLayer(inputs: 2, outputs: 4, weight: [1, 0, 0, 1, -1, 0, 0, -1], bias: [0, 0, 0, 0])
        let second = DenseLayer(
            inputs: 4, outputs: 4, weight: [1, 0, -1, 0, 0, 1, 0, -1, 1, 0, -1, 0, 0, 1, 0, -1], bias: [-1, -1, 1, 1])
        let out = DenseLayer(inputs: 4, outputs: 1, weight: [0.3, -0.2, 0.5, 0.1], bias: [0.05])
        let mlp = try MLP(layers: [first, second, out], activation: .relu)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        PartitionChecks.assertExact(p, mlp, "border lines after a bend")
        XCTAssertEqual(p.faceCount, 4, "only the axes cut the square")
    }
}
