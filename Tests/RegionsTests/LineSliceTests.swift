import NeuralNet
import Regions
import XCTest

/// The exact slice of a network along a line, held against direct forward passes.
final class LineSliceTests: XCTestCase {
    /// A network n → widths → K with PyTorch's default initialisation.
    static func network(
        inputs: Int, widths: [Int], outputs: Int, activation: Activation, seed: UInt64
    ) throws
        -> GeneralNetwork
    {
        var rng = SeededGenerator(seed: seed)
        let dims = [inputs] + widths + [outputs]
        let layers = (0..<(dims.count - 1)).map { i in
            let bound = 1 / Double(dims[i]).squareRoot()
            return DenseLayer(
                inputs: dims[i], outputs: dims[i + 1],
                weight: (0..<(dims[i] * dims[i + 1])).map { _ in rng.symmetric(bound) },
                bias: (0..<dims[i + 1]).map { _ in rng.symmetric(bound) })
        }
        return try GeneralNetwork(layers: layers, activation: activation)
    }

    /// Pre-activations of every hidden layer at x, by a forward pass.
    private func preActivations(_ net: GeneralNetwork, _ x: [Double]) -> [[Double]] {
        var h = x
        var out: [[Double]] = []
        for layer in net.layers.dropLast() {
            h = (0..<layer.outputs).map { o in
                (0..<layer.inputs).reduce(layer.bias[o]) { $0 + layer.w(o, $1) * h[$1] }
            }
            out.append(h)
            h = h.map(net.activation.apply)
        }
        return out
    }

    func testPiecesMatchForwardPassesAndNoNeuronChangesSignInside() throws {
        var rng = SeededGenerator(seed: 11)
        var totalPieces = 0
        for trial in 0..<40 {
            let n = [2, 3, 7, 64][trial % 4]
            let widths = (0..<(1 + trial % 4)).map { _ in 2 + Int(rng.next() % 24) }
            let k = [1, 3, 10][trial % 3]
            let activation: Activation = trial % 2 == 0 ? .relu : .leakyReLU(0.1)
            let net = try Self.network(
                inputs: n, widths: widths, outputs: k, activation: activation, seed: UInt64(trial))
            let a = (0..<n).map { _ in rng.symmetric(1.5) }
            let b = (0..<n).map { _ in rng.symmetric(1.5) }
            let line = try LineSlice(net, from: a, to: b, tau0: -0.5, tau1: 1.5)
            let label = "trial \(trial): \(n) inputs, widths \(widths), \(k) outputs, \(activation)"
            XCTAssertEqual(line.pieces.first?.tau0, -0.5, label)
            XCTAssertEqual(line.pieces.last?.tau1, 1.5, label)
            for (p, q) in zip(line.pieces, line.pieces.dropFirst()) {
                XCTAssertEqual(p.tau1, q.tau0, label)
                XCTAssertLessThan(p.tau0, p.tau1, label)
            }
            totalPieces += line.pieces.count
            for p in line.pieces {
                // The affine formula is the network at the midpoint and at points inside the piece.
                for f in [0.5, 0.01, 0.99] {
                    let tau = p.tau0 + f * (p.tau1 - p.tau0)
                    let direct = net.outputs(line.point(at: tau))
                    for (x, y) in zip(p.outputs(at: tau), direct) {
                        XCTAssertEqual(x, y, accuracy: 1e-9 * max(1, abs(y)), label)
                    }
                    // Every neuron keeps the sign the piece records.
                    let pre = preActivations(net, line.point(at: tau))
                    for (l, layer) in pre.enumerated() {
                        for (i, z) in layer.enumerated() where abs(z) > 1e-9 {
                            XCTAssertEqual(z > 0, p.pattern[l][i], "\(label) τ=\(tau) layer \(l) neuron \(i)")
                        }
                    }
                }
            }
            // Consecutive pieces differ in at least one neuron: every breakpoint is a real crossing.
            for (p, q) in zip(line.pieces, line.pieces.dropFirst()) { XCTAssertNotEqual(p.pattern, q.pattern, label) }
        }
        XCTAssertGreaterThan(totalPieces, 400, "the trials should cross many neurons")
    }

    func testKinksOfOneNeuronAreWhereItCrossesZero() throws {
        // h = relu(x0 - 0.25), z = h: along (0,0) → (1,0) the kink is at τ = 0.25 exactly.
        let net = try GeneralNetwork(
            layers: [
                DenseLayer(inputs: 2, outputs: 1, weight: [1, 0], bias: [-0.25]),
                DenseLayer(inputs: 1, outputs: 1, weight: [2], bias: [0]),
            ], activation: .relu)
        let line = try LineSlice(net, from: [0, 0], to: [1, 0])
        XCTAssertEqual(line.breakpoints, [0.25])
        XCTAssertEqual(line.pieces[0].slopes, [0])
        XCTAssertEqual(line.pieces[1].slopes, [2])
        XCTAssertEqual(line.pieces[1].intercepts, [-0.5])
        XCTAssertEqual(line.winnerRuns.map(\.tau0), [-0.5, 0.25])
        XCTAssertEqual(line.winnerRuns.map(\.tau1), [0.25, 1.5])
        XCTAssertEqual(line.winnerRuns.map(\.winner), [0, 1])
        // Along a line the neuron never sees, there is one piece.
        XCTAssertEqual(try LineSlice(net, from: [0, 0], to: [0, 1]).pieces.count, 1)
    }

    func testWinnerRunsAgreeWithArgmaxOfForwardPasses() throws {
        let net = try Self.network(inputs: 5, widths: [16, 16], outputs: 4, activation: .relu, seed: 3)
        let line = try LineSlice(net, from: [1, 0, 0, 0, 0], to: [0, 0, 1, -1, 2], tau0: -3, tau1: 4)
        let runs = line.winnerRuns
        XCTAssertEqual(runs.first?.tau0, -3)
        XCTAssertEqual(runs.last?.tau1, 4)
        for (r, s) in zip(runs, runs.dropFirst()) {
            XCTAssertEqual(r.tau1, s.tau0)
            XCTAssertNotEqual(r.winner, s.winner)
        }
        for r in runs {
            for f in [0.02, 0.5, 0.98] {
                let z = net.outputs(line.point(at: r.tau0 + f * (r.tau1 - r.tau0)))
                XCTAssertEqual(z.indices.max { z[$0] < z[$1] }, r.winner)
            }
        }
    }

    func testRefusals() throws {
        let net = try Self.network(inputs: 3, widths: [4], outputs: 1, activation: .relu, seed: 1)
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(
            message { _ = try LineSlice(net, from: [0, 0], to: [1, 1]) },
            "invalid plane: the points have 2 coordinates but the model takes 3 inputs")
        XCTAssertEqual(
            message { _ = try LineSlice(net, from: [1, 2, 3], to: [1, 2, 3]) },
            "invalid plane: the two points are the same, so they span no line")
        XCTAssertEqual(
            message { _ = try LineSlice(net, from: [0, 0, .nan], to: [1, 1, 1]) },
            "invalid plane: a point of the line has a non-finite coordinate")
        XCTAssertEqual(
            message { _ = try LineSlice(net, from: [0, 0, 0], to: [1, 1, 1], tau0: 1, tau1: 1) },
            "invalid plane: the line's range needs finite T0 < T1, not 1.0 … 1.0")
    }
}
