import Foundation

/// Statistics of one epoch.
public struct EpochStats: Sendable, Equatable {
    public var epoch: Int
    /// Mean binary cross-entropy over the epoch's mini-batches (weighted by batch size).
    public var loss: Double
    /// Fraction of pixels classified correctly during the epoch (as the weights moved).
    public var accuracy: Double
    public var learningRate: Double
    public var seconds: Double
}

/// Why training stopped early.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case diverged(epoch: Int)
    public var description: String {
        switch self {
        case .diverged(let e):
            return "training diverged in epoch \(e) (the loss became non-finite); the last finite weights are kept — try a smaller learning rate"
        }
    }
}

/// Mini-batch training of the MLP with AdamW on binary cross-entropy with logits, in single
/// precision like PyTorch. Deterministic for a given seed and matrix engine.
public final class Trainer {
    public let config: TrainingConfig
    public let dataset: Dataset
    public let engine: MatrixEngine
    public private(set) var epoch = 0
    public private(set) var step = 0
    public private(set) var history: [EpochStats] = []

    let dims: [Int]
    let weights: [FloatBuffer]   // [out × in] per layer
    let biases: [FloatBuffer]
    private let gradW: [FloatBuffer], gradB: [FloatBuffer]
    private let adamM: [FloatBuffer], adamV: [FloatBuffer], adamMb: [FloatBuffer], adamVb: [FloatBuffer]
    private var rng: SeededGenerator
    private var order: [Int32]
    /// Per layer: pre-activations, activations, and the loss gradient w.r.t. pre-activations.
    private let zs: [FloatBuffer], hs: [FloatBuffer], deltas: [FloatBuffer]
    private let inputs: FloatBuffer, targets: FloatBuffer
    /// A row of ones: bias gradients are `1ᵀ · Δ`, one more matrix product.
    private let ones: FloatBuffer
    private let capacity: Int

    public var batchesPerEpoch: Int { (dataset.count + config.batchSize - 1) / config.batchSize }
    /// Optimiser steps of the configured run (the schedule's length).
    public var totalSteps: Int { max(1, config.epochs * batchesPerEpoch) }

    public init(dataset: Dataset, config: TrainingConfig, engine: MatrixEngine = PortableMatrixEngine(), initial: MLP? = nil) throws {
        try config.validate()
        guard dataset.count > 0 else { throw ModelError.invalidArchitecture("the dataset is empty") }
        self.dataset = dataset
        self.config = config
        self.engine = engine
        dims = [2] + config.hiddenWidths + [1]
        var w: [FloatBuffer] = [], b: [FloatBuffer] = []
        if let initial {
            guard initial.hiddenWidths == config.hiddenWidths else {
                throw ModelError.shapeMismatch("the initial network's widths \(initial.hiddenWidths) differ from \(config.hiddenWidths)")
            }
            w = initial.layers.map { FloatBuffer($0.weight.map(Float.init)) }
            b = initial.layers.map { FloatBuffer($0.bias.map(Float.init)) }
        } else {
            // PyTorch's nn.Linear default: weights and biases uniform in ±1/√fan_in.
            var gen = SeededGenerator(seed: config.seed)
            for l in 0..<(dims.count - 1) {
                let bound = 1 / Double(dims[l]).squareRoot()
                w.append(FloatBuffer((0..<(dims[l] * dims[l + 1])).map { _ in Float(gen.symmetric(bound)) }))
                b.append(FloatBuffer((0..<dims[l + 1]).map { _ in Float(gen.symmetric(bound)) }))
            }
        }
        weights = w
        biases = b
        gradW = w.map { FloatBuffer(count: $0.count) }
        gradB = b.map { FloatBuffer(count: $0.count) }
        adamM = w.map { FloatBuffer(count: $0.count) }
        adamV = w.map { FloatBuffer(count: $0.count) }
        adamMb = b.map { FloatBuffer(count: $0.count) }
        adamVb = b.map { FloatBuffer(count: $0.count) }
        rng = SeededGenerator(seed: config.seed &+ 0x5EED)
        order = (0..<Int32(dataset.count)).map { $0 }
        capacity = min(config.batchSize, dataset.count)
        let cap = capacity
        zs = dims.dropFirst().map { FloatBuffer(count: $0 * cap) }
        hs = dims.dropFirst().map { FloatBuffer(count: $0 * cap) }
        deltas = dims.dropFirst().map { FloatBuffer(count: $0 * cap) }
        inputs = FloatBuffer(count: 2 * cap)
        targets = FloatBuffer(count: cap)
        ones = FloatBuffer([Float](repeating: 1, count: cap))
    }

    /// The current network in double precision (what the region engine and model files use).
    public var mlp: MLP {
        let layers = (0..<(dims.count - 1)).map { l in
            DenseLayer(inputs: dims[l], outputs: dims[l + 1], weight: weights[l].array.map(Double.init), bias: biases[l].array.map(Double.init))
        }
        return try! MLP(layers: layers, activation: config.activation)
    }

    /// One pass over the shuffled dataset. If a loss or gradient becomes non-finite it throws
    /// `TrainingError.diverged` before that step changes any weight.
    @discardableResult
    public func trainEpoch() throws -> EpochStats {
        let start = ContinuousClock.now
        // Fisher–Yates with the run's own generator: the same seed gives the same batches.
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
        }
        var lossSum = 0.0, correct = 0
        var lr = config.learningRate
        var offset = 0
        while offset < order.count {
            let n = min(config.batchSize, order.count - offset)
            for r in 0..<n {
                let p = Int(order[offset + r])
                inputs.p[2 * r] = dataset.points[2 * p]
                inputs.p[2 * r + 1] = dataset.points[2 * p + 1]
                targets.p[r] = dataset.labels[p]
            }
            forward(rows: n)
            let (loss, right) = lossAndOutputGradient(rows: n)
            backward(rows: n)
            guard loss.isFinite, gradW.allSatisfy(\.allFinite), gradB.allSatisfy(\.allFinite) else {
                throw TrainingError.diverged(epoch: epoch + 1)
            }
            lr = config.learningRate(step: step, totalSteps: totalSteps)
            adamW(learningRate: lr)
            step += 1
            lossSum += loss * Double(n)
            correct += right
            offset += n
        }
        epoch += 1
        let d = ContinuousClock.now - start
        let stats = EpochStats(
            epoch: epoch, loss: lossSum / Double(order.count), accuracy: Double(correct) / Double(order.count),
            learningRate: lr, seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        history.append(stats)
        return stats
    }

    /// Loss and accuracy of the current weights over the whole dataset.
    public func evaluate() -> (loss: Double, accuracy: Double) {
        var lossSum = 0.0, correct = 0
        var offset = 0
        let out = hs[hs.count - 1].p
        while offset < dataset.count {
            let n = min(capacity, dataset.count - offset)
            for r in 0..<n {
                inputs.p[2 * r] = dataset.points[2 * (offset + r)]
                inputs.p[2 * r + 1] = dataset.points[2 * (offset + r) + 1]
            }
            forward(rows: n)
            for r in 0..<n {
                let y = dataset.labels[offset + r]
                lossSum += Double(Self.bce(out[r], y))
                if (out[r] > 0) == (y > 0.5) { correct += 1 }
            }
            offset += n
        }
        return (lossSum / Double(dataset.count), Double(correct) / Double(dataset.count))
    }

    /// The mean loss of one explicit batch and the gradients it produces (for tests).
    public func lossAndGradients(points: [Float], labels: [Float]) -> (loss: Double, weight: [[Float]], bias: [[Float]]) {
        let n = labels.count
        precondition(n <= capacity && points.count == 2 * n)
        for i in 0..<(2 * n) { inputs.p[i] = points[i] }
        for i in 0..<n { targets.p[i] = labels[i] }
        forward(rows: n)
        let (loss, _) = lossAndOutputGradient(rows: n)
        backward(rows: n)
        return (loss, gradW.map(\.array), gradB.map(\.array))
    }

    // MARK: The passes

    @inline(__always)
    static func bce(_ z: Float, _ y: Float) -> Float {
        // log(1 + e^z) − y·z, stable for large |z|.
        max(z, 0) - z * y + log1p(exp(-abs(z)))
    }

    private func forward(rows n: Int) {
        let slope = Float(config.activation.negativeSlope)
        let last = dims.count - 2
        for l in 0...last {
            let fanIn = dims[l], fanOut = dims[l + 1]
            let input = l == 0 ? inputs.p : hs[l - 1].p
            let z = zs[l].p, h = hs[l].p, bias = biases[l].p
            // Z = H · Wᵀ + b
            for r in 0..<n { (z + r * fanOut).update(from: bias, count: fanOut) }
            engine.gemm(transA: false, transB: true, m: n, n: fanOut, k: fanIn, alpha: 1,
                        a: input, lda: fanIn, b: weights[l].p, ldb: fanIn, beta: 1, c: z, ldc: fanOut)
            let count = n * fanOut
            if l < last {
                for i in 0..<count { let v = z[i]; h[i] = v > 0 ? v : slope * v }
            } else {
                h.update(from: z, count: count)
            }
        }
    }

    /// BCE-with-logits averaged over the batch; writes dLoss/dz into the last delta.
    private func lossAndOutputGradient(rows n: Int) -> (Double, Int) {
        let out = hs[hs.count - 1].p, d = deltas[deltas.count - 1].p, y = targets.p
        var loss = 0.0, correct = 0
        let inv = 1 / Float(n)
        for r in 0..<n {
            let z = out[r]
            loss += Double(Self.bce(z, y[r]))
            if (z > 0) == (y[r] > 0.5) { correct += 1 }
            d[r] = (1 / (1 + exp(-z)) - y[r]) * inv
        }
        return (loss / Double(n), correct)
    }

    private func backward(rows n: Int) {
        let slope = Float(config.activation.negativeSlope)
        for l in stride(from: dims.count - 2, through: 0, by: -1) {
            let fanIn = dims[l], fanOut = dims[l + 1]
            let d = deltas[l].p
            let input = l == 0 ? inputs.p : hs[l - 1].p
            // dW = Δᵀ · H,  db = Σ_rows Δ
            engine.gemm(transA: true, transB: false, m: fanOut, n: fanIn, k: n, alpha: 1,
                        a: d, lda: fanOut, b: input, ldb: fanIn, beta: 0, c: gradW[l].p, ldc: fanIn)
            engine.gemm(transA: false, transB: false, m: 1, n: fanOut, k: n, alpha: 1,
                        a: ones.p, lda: n, b: d, ldb: fanOut, beta: 0, c: gradB[l].p, ldc: fanOut)
            guard l > 0 else { break }
            // Δ_prev = (Δ · W) ⊙ σ'(Z_prev)
            let prev = deltas[l - 1].p, zPrev = zs[l - 1].p
            engine.gemm(transA: false, transB: false, m: n, n: fanIn, k: fanOut, alpha: 1,
                        a: d, lda: fanOut, b: weights[l].p, ldb: fanIn, beta: 0, c: prev, ldc: fanIn)
            for i in 0..<(n * fanIn) { prev[i] *= zPrev[i] > 0 ? 1 : slope }
        }
    }

    /// PyTorch's AdamW: decoupled weight decay first, then the bias-corrected Adam step.
    private func adamW(learningRate lr: Double) {
        let b1 = config.beta1, b2 = config.beta2
        let t = Double(step + 1)
        let c1 = 1 - pow(b1, t), c2 = 1 - pow(b2, t)
        let stepSize = Float(lr / c1)
        let decay = Float(1 - lr * config.weightDecay)
        let eps = Float(config.epsilon), sqrtC2 = Float(c2.squareRoot())
        let fb1 = Float(b1), fb2 = Float(b2)
        func update(_ p: FloatBuffer, _ g: FloatBuffer, _ m: FloatBuffer, _ v: FloatBuffer) {
            for i in 0..<p.count {
                let gi = g.p[i]
                m.p[i] = fb1 * m.p[i] + (1 - fb1) * gi
                v.p[i] = fb2 * v.p[i] + (1 - fb2) * gi * gi
                p.p[i] = p.p[i] * decay - stepSize * m.p[i] / (v.p[i].squareRoot() / sqrtC2 + eps)
            }
        }
        for l in weights.indices {
            update(weights[l], gradW[l], adamM[l], adamV[l])
            update(biases[l], gradB[l], adamMb[l], adamVb[l])
        }
    }
}
