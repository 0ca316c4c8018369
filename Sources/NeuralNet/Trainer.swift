import Foundation

/// Statistics of one epoch.
public struct EpochStats: Sendable, Equatable {
    public var epoch: Int
    /// The task's mean loss over the epoch's mini-batches (weighted by batch size): binary
    /// cross-entropy, softmax cross-entropy, or squared error per pixel and channel.
    public var loss: Double
    /// Fraction of pixels classified correctly during the epoch (as the weights moved); argmax for
    /// classes; 0 for regression.
    public var accuracy: Double
    public var learningRate: Double
    public var seconds: Double
    /// Regression only: 10·log10(1 / loss) in dB, the peak signal being 1.
    public var psnr: Double?
    /// The held-out pixels scored with the weights at the end of the epoch (nil without a test share).
    public var test: Evaluation?

    public init(
        epoch: Int, loss: Double, accuracy: Double, learningRate: Double, seconds: Double, psnr: Double? = nil,
        test: Evaluation? = nil
    ) {
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.learningRate = learningRate
        self.seconds = seconds
        self.psnr = psnr
        self.test = test
    }

    /// PSNR in dB of a mean squared error of values in [0, 1] (infinite for a perfect fit).
    public static func psnr(meanSquaredError mse: Double) -> Double {
        mse > 0 ? 10 * log10(1 / mse) : .infinity
    }
}

/// Loss, accuracy and (regression) PSNR of the current weights over the whole dataset.
public struct Evaluation: Sendable, Equatable {
    /// Mean BCE, softmax cross-entropy, or squared error, by task.
    public var loss: Double
    /// Fraction of pixels right (argmax for classes); 0 for regression.
    public var accuracy: Double
    /// Regression only: PSNR in dB over all pixels and channels.
    public var psnr: Double?

    public init(loss: Double, accuracy: Double, psnr: Double? = nil) {
        self.loss = loss
        self.accuracy = accuracy
        self.psnr = psnr
    }
}

/// Why training stopped early.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case diverged(epoch: Int)
    public var description: String {
        switch self {
        case .diverged(let e):
            return
                "training diverged in epoch \(e) (the loss became non-finite); the last finite weights are kept — try a smaller learning rate"
        }
    }
}

/// Mini-batch training of the MLP with AdamW in single precision like PyTorch, on the dataset's
/// task: binary cross-entropy with logits (`BCEWithLogitsLoss`), softmax cross-entropy over K
/// logits (`CrossEntropyLoss`), or mean squared error over pixels and channels (`MSELoss`).
/// Deterministic for a given seed and matrix engine.
public final class Trainer {
    public private(set) var config: TrainingConfig
    public let dataset: Dataset
    public let engine: MatrixEngine
    public private(set) var epoch = 0
    public private(set) var step = 0
    public private(set) var history: [EpochStats] = []
    /// Off for interactive sessions, which keep their own bounded record of every epoch.
    public var recordsHistory = true

    let dims: [Int]
    /// Per layer the augmented matrix [W | b], `out × (in + 1)`: with a constant 1 after every
    /// input row, one matrix product applies the bias and another yields its gradient.
    let weights: [FloatBuffer]
    /// [W | b]ᵀ, `(in + 1) × out`, refreshed after every step: the forward product then runs
    /// OpenBLAS's faster non-transposed kernel.
    private let transposed: [FloatBuffer]
    private let grads: [FloatBuffer]
    private let adamM: [FloatBuffer], adamV: [FloatBuffer]
    private var rng: SeededGenerator
    private var order: [Int32]
    /// Per layer: pre-activations (`rows × out`), the loss gradient w.r.t. them (same shape), and for
    /// hidden layers the activations with their ones column (`rows × (out + 1)`).
    private let zs: [FloatBuffer], hs: [FloatBuffer], deltas: [FloatBuffer]
    /// The batch's points as rows (x, y, 1), and its labels (binary, class index) or regression
    /// targets (`targetWidth` per row).
    private let inputs: FloatBuffer, targets: FloatBuffer
    private let targetWidth: Int
    private let capacity: Int
    /// Where the current epoch stands: shuffled indices consumed, and its running sums.
    private var epochOffset = 0
    private var epochLossSum = 0.0
    private var epochCorrect = 0
    private var epochLearningRate = 0.0
    private var epochStart = ContinuousClock.now

    public var batchesPerEpoch: Int { (order.count + config.batchSize - 1) / config.batchSize }
    /// The pixels held out of training (`config.testShare` of them), in dataset order.
    public let testRows: [Int32]
    /// Optimiser steps of the configured run (the schedule's length).
    public var totalSteps: Int { max(1, config.epochs * batchesPerEpoch) }

    /// `initial` starts from given weights; with `resumingAt` and `history` the run continues an
    /// earlier one from that epoch (fresh optimiser moments, the step count of that epoch).
    public init(
        dataset: Dataset, config: TrainingConfig, engine: MatrixEngine = PortableMatrixEngine(), initial: MLP? = nil,
        resumingAt startEpoch: Int = 0, history: [EpochStats] = []
    ) throws {
        try config.validate()
        guard startEpoch >= 0 else { throw ModelError.invalidArchitecture("the starting epoch must not be negative") }
        guard dataset.count > 0 else { throw ModelError.invalidArchitecture("the dataset is empty") }
        self.dataset = dataset
        self.config = config
        self.engine = engine
        let outputs = dataset.outputCount
        dims = [2] + config.hiddenWidths + [outputs]
        var layers: [(w: [Float], b: [Float])] = []
        if let initial {
            guard initial.hiddenWidths == config.hiddenWidths else {
                throw ModelError.shapeMismatch(
                    "the initial network's widths \(initial.hiddenWidths) differ from \(config.hiddenWidths)")
            }
            guard initial.outputCount == outputs else {
                throw ModelError.invalidArchitecture(
                    "the initial network has \(initial.outputCount) output\(initial.outputCount == 1 ? "" : "s") but the task (\(dataset.task)) needs \(outputs)"
                )
            }
            layers = initial.layers.map { ($0.weight.map(Float.init), $0.bias.map(Float.init)) }
        } else {
            // PyTorch's nn.Linear default: weights and biases uniform in ±1/√fan_in.
            var gen = SeededGenerator(seed: config.seed)
            for l in 0..<(dims.count - 1) {
                let bound = 1 / Double(dims[l]).squareRoot()
                let w = (0..<(dims[l] * dims[l + 1])).map { _ in Float(gen.symmetric(bound)) }
                let b = (0..<dims[l + 1]).map { _ in Float(gen.symmetric(bound)) }
                layers.append((w, b))
            }
        }
        let d = dims
        weights = layers.enumerated().map { l, wb in
            let fanIn = d[l]
            let fanOut = d[l + 1]
            let m = FloatBuffer(count: fanOut * (fanIn + 1))
            for j in 0..<fanOut {
                for i in 0..<fanIn { m.p[j * (fanIn + 1) + i] = wb.w[j * fanIn + i] }
                m.p[j * (fanIn + 1) + fanIn] = wb.b[j]
            }
            return m
        }
        grads = weights.map { FloatBuffer(count: $0.count) }
        transposed = weights.map { FloatBuffer(count: $0.count) }
        adamM = weights.map { FloatBuffer(count: $0.count) }
        adamV = weights.map { FloatBuffer(count: $0.count) }
        rng = SeededGenerator(seed: config.seed &+ 0x5EED)
        (order, testRows) = Self.split(count: dataset.count, share: config.testShare, seed: config.seed)
        guard !order.isEmpty else { throw ModelError.invalidArchitecture("the test share leaves no pixel to train on") }
        capacity = min(config.batchSize, dataset.count)
        let cap = capacity
        zs = dims.dropFirst().map { FloatBuffer(count: $0 * cap) }
        deltas = dims.dropFirst().map { FloatBuffer(count: $0 * cap) }
        hs = dims.dropFirst().dropLast().map { width in
            let h = FloatBuffer(count: (width + 1) * cap)
            for r in 0..<cap { h.p[r * (width + 1) + width] = 1 }
            return h
        }
        inputs = FloatBuffer(count: 3 * cap)
        for r in 0..<cap { inputs.p[3 * r + 2] = 1 }
        if case .regression(let channels) = dataset.task {
            targetWidth = channels
            guard dataset.targets.count == dataset.count * channels else {
                throw ModelError.shapeMismatch("the regression targets do not match the dataset's pixels")
            }
        } else {
            targetWidth = 1
            guard dataset.labels.count == dataset.count else {
                throw ModelError.shapeMismatch("the labels do not match the dataset's pixels")
            }
        }
        targets = FloatBuffer(count: cap * targetWidth)
        epoch = startEpoch
        self.history = Array(history.prefix { $0.epoch <= startEpoch })
        step = startEpoch * batchesPerEpoch
        refreshTransposed()
    }

    private func refreshTransposed() {
        for l in weights.indices {
            let cols = dims[l] + 1
            let rows = dims[l + 1]
            let w = weights[l].p
            let t = transposed[l].p
            for j in 0..<rows { for i in 0..<cols { t[i * rows + j] = w[j * cols + i] } }
        }
    }

    /// Changes the learning rate from the next step on (no reset needed).
    public func setLearningRate(_ lr: Double) {
        guard lr.isFinite, lr > 0 else { return }
        config.learningRate = lr
    }

    /// Changes the weight decay from the next step on.
    public func setWeightDecay(_ decay: Double) {
        guard decay.isFinite, decay >= 0 else { return }
        config.weightDecay = decay
    }

    /// The current network in double precision (what the region engine and model files use).
    public var mlp: MLP {
        let layers = (0..<(dims.count - 1)).map { l in
            let (w, b) = split(weights[l], layer: l)
            return DenseLayer(
                inputs: dims[l], outputs: dims[l + 1], weight: w.map(Double.init), bias: b.map(Double.init))
        }
        return MLP(trustedLayers: layers, activation: config.activation)
    }

    /// An augmented `[W | b]` buffer back into its weight (row-major `out × in`) and bias.
    private func split(_ m: FloatBuffer, layer l: Int) -> ([Float], [Float]) {
        let fanIn = dims[l]
        let fanOut = dims[l + 1]
        var w = [Float]()
        var b = [Float]()
        w.reserveCapacity(fanIn * fanOut)
        for j in 0..<fanOut {
            for i in 0..<fanIn { w.append(m.p[j * (fanIn + 1) + i]) }
            b.append(m.p[j * (fanIn + 1) + fanIn])
        }
        return (w, b)
    }

    /// One pass over the shuffled dataset. If a loss or gradient becomes non-finite it throws
    /// `TrainingError.diverged` before that step changes any weight.
    @discardableResult
    public func trainEpoch() throws -> EpochStats {
        while true {
            if let stats = try trainBatch() { return stats }
        }
    }

    /// Batches already trained in the current epoch (0 between epochs).
    public var batchesDoneInEpoch: Int { (epochOffset + config.batchSize - 1) / config.batchSize }

    /// One optimiser step on the next mini-batch; returns the epoch's statistics when this batch
    /// completed an epoch. An interactive session calls this so that a pause takes effect between
    /// batches rather than after a whole epoch. Throws `TrainingError.diverged` before a
    /// non-finite step changes any weight.
    @discardableResult
    public func trainBatch() throws -> EpochStats? {
        if epochOffset == 0 { beginEpoch() }
        let n = min(config.batchSize, order.count - epochOffset)
        gather(rows: n, from: epochOffset)
        forward(rows: n)
        let (loss, right) = lossAndTaskGradient(rows: n)
        backward(rows: n)
        guard loss.isFinite, grads.allSatisfy(\.allFinite) else {
            throw TrainingError.diverged(epoch: epoch + 1)
        }
        epochLearningRate = config.learningRate(step: step, totalSteps: totalSteps)
        adamW(learningRate: epochLearningRate)
        step += 1
        epochLossSum += loss * Double(n)
        epochCorrect += right
        epochOffset += n
        guard epochOffset >= order.count else { return nil }
        epochOffset = 0
        epoch += 1
        let d = ContinuousClock.now - epochStart
        let meanLoss = epochLossSum / Double(order.count)
        let stats = EpochStats(
            epoch: epoch, loss: meanLoss,
            accuracy: Double(epochCorrect) / Double(order.count),
            learningRate: epochLearningRate,
            seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18,
            psnr: isRegression ? EpochStats.psnr(meanSquaredError: meanLoss) : nil,
            test: testRows.isEmpty ? nil : evaluate(rows: testRows))
        if recordsHistory { history.append(stats) }
        return stats
    }

    /// Training and held-out rows: a seeded shuffle picks `share` of the pixels for the test set,
    /// scattered over the image like the training set; share 0 keeps every pixel in training, in
    /// order (the batches of earlier versions).
    static func split(count: Int, share: Double, seed: UInt64) -> (train: [Int32], test: [Int32]) {
        let all = (0..<Int32(count)).map { $0 }
        let held = Int((Double(count) * share).rounded())
        guard held > 0 else { return (all, []) }
        var gen = SeededGenerator(seed: seed &+ 0x7E57)
        var shuffled = all
        for i in stride(from: count - 1, to: 0, by: -1) {
            shuffled.swapAt(i, Int(gen.next() % UInt64(i + 1)))
        }
        var isTest = [Bool](repeating: false, count: count)
        for r in shuffled.prefix(held) { isTest[Int(r)] = true }
        return (all.filter { !isTest[Int($0)] }, all.filter { isTest[Int($0)] })
    }

    /// Shuffles for a new epoch (Fisher–Yates with the run's own generator: the same seed gives
    /// the same batches) and clears the epoch's running sums.
    private func beginEpoch() {
        epochStart = ContinuousClock.now
        var gen = rng
        order.withUnsafeMutableBufferPointer { o in
            for i in stride(from: o.count - 1, to: 0, by: -1) {
                // Lemire's multiply-shift: an index in 0...i without a 64-bit division.
                let j = Int((UInt64(UInt32(truncatingIfNeeded: gen.next() >> 32)) &* UInt64(i + 1)) >> 32)
                let t = o[i]
                o[i] = o[j]
                o[j] = t
            }
        }
        rng = gen
        epochLossSum = 0
        epochCorrect = 0
        epochLearningRate = config.learningRate
    }

    private var isRegression: Bool { dataset.task.kind == .regression }

    /// Copies the points and labels (or targets) of the next `n` shuffled indices into the batch
    /// buffers.
    private func gather(rows n: Int, from offset: Int) {
        let x = UnsafeMutableRawPointer(inputs.p)
        let y = targets.p
        // A class or binary label is one value per point; a regression's target one per channel.
        let (values, c) = isRegression ? (dataset.targets, targetWidth) : (dataset.labels, 1)
        dataset.points.withUnsafeBytes { pts in
            values.withUnsafeBufferPointer { t in
                order.withUnsafeBufferPointer { o in
                    for r in 0..<n {
                        let p = Int(o[offset + r])
                        x.storeBytes(
                            of: pts.load(fromByteOffset: 8 * p, as: SIMD2<Float>.self), toByteOffset: 12 * r,
                            as: SIMD2<Float>.self)
                        for j in 0..<c { y[r * c + j] = t[p * c + j] }
                    }
                }
            }
        }
    }

    /// Loss, accuracy and (regression) PSNR of the current weights over the whole dataset, summed
    /// in double precision.
    public func evaluate() -> Evaluation { evaluate(rows: nil) }

    /// The same over some rows of the dataset (all when nil).
    public func evaluate(rows: [Int32]?) -> Evaluation {
        var lossSum = 0.0
        var correct = 0
        var offset = 0
        let count = rows?.count ?? dataset.count
        let k = dims[dims.count - 1]
        let out = zs[zs.count - 1].p
        while offset < count {
            let n = min(capacity, count - offset)
            let index: (Int) -> Int = { r in rows.map { Int($0[offset + r]) } ?? offset + r }
            for r in 0..<n {
                inputs.p[3 * r] = dataset.points[2 * index(r)]
                inputs.p[3 * r + 1] = dataset.points[2 * index(r) + 1]
            }
            forward(rows: n)
            switch dataset.task {
            case .binary:
                for r in 0..<n {
                    let y = dataset.labels[index(r)]
                    lossSum += Double(Self.bce(out[r], y))
                    if (out[r] > 0) == (y > 0.5) { correct += 1 }
                }
            case .classes:
                for r in 0..<n {
                    let row = out + r * k
                    var best = 0
                    for c in 1..<k where row[c] > row[best] { best = c }
                    let m = Double(row[best])
                    var s = 0.0
                    for c in 0..<k { s += exp(Double(row[c]) - m) }
                    let y = Int(dataset.labels[index(r)])
                    lossSum += log(s) - (Double(row[y]) - m)
                    if best == y { correct += 1 }
                }
            case .regression:
                for r in 0..<n {
                    for c in 0..<k {
                        let e = Double(out[r * k + c]) - Double(dataset.targets[index(r) * k + c])
                        lossSum += e * e
                    }
                }
            }
            offset += n
        }
        if isRegression {
            let mse = lossSum / Double(count * k)
            return Evaluation(loss: mse, accuracy: 0, psnr: EpochStats.psnr(meanSquaredError: mse))
        }
        return Evaluation(loss: lossSum / Double(count), accuracy: Double(correct) / Double(count))
    }

    /// The mean loss of one explicit batch and the gradients it produces (for tests). `labels`
    /// holds one value per point (binary label, class index) or, for regression, the targets of
    /// each point's channels.
    public func lossAndGradients(points: [Float], labels: [Float]) -> (loss: Double, weight: [[Float]], bias: [[Float]])
    {
        let n = points.count / 2
        precondition(n <= capacity && points.count == 2 * n && labels.count == n * targetWidth)
        for r in 0..<n {
            inputs.p[3 * r] = points[2 * r]
            inputs.p[3 * r + 1] = points[2 * r + 1]
        }
        for i in labels.indices { targets.p[i] = labels[i] }
        forward(rows: n)
        let (loss, _) = lossAndTaskGradient(rows: n)
        backward(rows: n)
        let parts = grads.indices.map { split(grads[$0], layer: $0) }
        return (loss, parts.map(\.0), parts.map(\.1))
    }

    // MARK: The passes

    @inline(__always)
    static func bce(_ z: Float, _ y: Float) -> Float {
        // log(1 + e^z) − y·z, stable for large |z|.
        max(z, 0) - z * y + log1p(exp(-abs(z)))
    }

    /// e^x for x ≤ 0 to float precision, eight lanes at once: 2^(x·log2 e) split into an integer
    /// power (written into the exponent bits) and a degree-6 polynomial for the fraction.
    @inline(__always)
    static func expNonPositive(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let t = x.replacing(with: -87, where: x .< -87) * 1.442_695_04
        // floor(t) and 2^floor(t) with the 1.5·2²³ trick: adding it leaves the rounded integer in
        // the low mantissa bits, so neither step leaves the float registers.
        let magic = SIMD8<Float>(repeating: 12_582_912)
        var k = (t + magic) - magic
        k = k.replacing(with: k - 1, where: k .> t)
        let f = t - k
        var p = SIMD8<Float>(repeating: 0.000_154_035_3)
        p = p * f + 0.001_333_355
        p = p * f + 0.009_618_129
        p = p * f + 0.055_504_11
        p = p * f + 0.240_226_5
        p = p * f + 0.693_147_2
        p = p * f + 1
        let biased = unsafeBitCast(k + 127 + magic, to: SIMD8<UInt32>.self) & 0xFF  // k + 127 in 1…127
        return p * unsafeBitCast(biased &<< 23, to: SIMD8<Float>.self)
    }

    /// log(1 + t) for t in [0, 1] as 2·atanh(t / (2 + t)): an odd series in s ≤ 1/3 that reaches
    /// float precision in six terms.
    @inline(__always)
    static func log1pSmall(_ t: SIMD8<Float>) -> SIMD8<Float> {
        let s = t / (2 + t)
        let s2 = s * s
        var q = SIMD8<Float>(repeating: 1 / 11)
        q = q * s2 + 1 / 9
        q = q * s2 + 1 / 7
        q = q * s2 + 1 / 5
        q = q * s2 + 1 / 3
        q = q * s2 + 1
        return 2 * s * q
    }

    private func forward(rows n: Int) {
        let slope = Float(config.activation.negativeSlope)
        let last = dims.count - 2
        for l in 0...last {
            let fanIn = dims[l]
            let fanOut = dims[l + 1]
            let input = l == 0 ? inputs.p : hs[l - 1].p
            // Z = [H | 1] · [W | b]ᵀ: the bias comes with the product.
            engine.gemm(
                transA: false, transB: false, m: n, n: fanOut, k: fanIn + 1, alpha: 1,
                a: input, lda: fanIn + 1, b: transposed[l].p, ldb: fanOut, beta: 0, c: zs[l].p, ldc: fanOut)
            if l < last { activate(zs[l].p, into: hs[l].p, rows: n, width: fanOut, slope: slope) }
        }
    }

    /// h = σ(z) into rows of `width + 1` (the ones column stays), eight lanes at a time.
    private func activate(
        _ z: UnsafeMutablePointer<Float>, into h: UnsafeMutablePointer<Float>, rows n: Int, width: Int, slope: Float
    ) {
        let vectorWidth = width & ~7
        for r in 0..<n {
            let zr = z + r * width
            let hr = h + r * (width + 1)
            var j = 0
            while j < vectorWidth {
                let v = UnsafeRawPointer(zr + j).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(hr + j).storeBytes(
                    of: v.replacing(with: v * slope, where: v .<= 0), as: SIMD8<Float>.self)
                j += 8
            }
            while j < width {
                let v = zr[j]
                hr[j] = v > 0 ? v : slope * v
                j += 1
            }
        }
    }

    /// The task's mean loss over the batch and the number of pixels right; writes dLoss/dz into
    /// the last delta.
    private func lossAndTaskGradient(rows n: Int) -> (Double, Int) {
        switch dataset.task {
        case .binary: return lossAndOutputGradient(rows: n)
        case .classes: return softmaxCrossEntropy(rows: n)
        case .regression: return (meanSquaredError(rows: n), 0)
        }
    }

    /// Softmax cross-entropy averaged over the batch, as `CrossEntropyLoss` on logits: per row
    /// log Σ e^(z − max) − (z_y − max), gradient (softmax − onehot) / n. The exponentials run
    /// eight at a time over the whole shifted batch, which is contiguous.
    private func softmaxCrossEntropy(rows n: Int) -> (Double, Int) {
        let k = dims[dims.count - 1]
        let z = zs[zs.count - 1].p
        let d = deltas[deltas.count - 1].p
        let y = targets.p
        var correct = 0
        for r in 0..<n {
            let row = z + r * k
            var best = 0
            for c in 1..<k where row[c] > row[best] { best = c }
            let m = row[best]
            for c in 0..<k { d[r * k + c] = row[c] - m }
            if best == Int(y[r]) { correct += 1 }
        }
        let count = n * k
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(d + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(d + i).storeBytes(of: Self.expNonPositive(v), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            d[i] = exp(d[i])
            i += 1
        }
        let inv = 1 / Float(n)
        var loss = 0.0
        for r in 0..<n {
            let e = d + r * k
            let row = z + r * k
            var m = row[0]
            for c in 1..<k where row[c] > m { m = row[c] }
            var s: Float = 0
            for c in 0..<k { s += e[c] }
            let label = Int(y[r])
            loss += Double(log(s) - (row[label] - m))
            let scale = inv / s
            for c in 0..<k { e[c] *= scale }
            e[label] -= inv
        }
        return (loss / Double(n), correct)
    }

    /// Squared error averaged over the batch's pixels and channels, as `MSELoss`; gradient
    /// 2(z − y) / (n · channels).
    private func meanSquaredError(rows n: Int) -> Double {
        let z = zs[zs.count - 1].p
        let d = deltas[deltas.count - 1].p
        let y = targets.p
        let count = n * targetWidth
        let scale = 2 / Float(count)
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= count {
            let e =
                UnsafeRawPointer(z + i).loadUnaligned(as: SIMD8<Float>.self)
                - UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
            acc += e * e
            UnsafeMutableRawPointer(d + i).storeBytes(of: e * scale, as: SIMD8<Float>.self)
            i += 8
        }
        var tail: Float = 0
        while i < count {
            let e = z[i] - y[i]
            tail += e * e
            d[i] = e * scale
            i += 1
        }
        return (Double(acc.sum()) + Double(tail)) / Double(count)
    }

    /// BCE-with-logits averaged over the batch; writes dLoss/dz into the last delta. Eight samples
    /// at a time: one exponential serves both the loss and the sigmoid.
    private func lossAndOutputGradient(rows n: Int) -> (Double, Int) {
        let out = zs[zs.count - 1].p
        let d = deltas[deltas.count - 1].p
        let y = targets.p
        var loss = SIMD8<Float>(repeating: 0)
        var correct = SIMD8<Float>(repeating: 0)
        let inv = 1 / Float(n)
        var r = 0
        while r + 8 <= n {
            let z = UnsafeRawPointer(out + r).loadUnaligned(as: SIMD8<Float>.self)
            let yv = UnsafeRawPointer(y + r).loadUnaligned(as: SIMD8<Float>.self)
            let t = Self.expNonPositive(z.replacing(with: -z, where: z .> 0))  // e^{-|z|}
            let positive = z .> 0
            loss += z.replacing(with: 0, where: .!positive) - z * yv + Self.log1pSmall(t)
            correct += SIMD8<Float>(repeating: 0).replacing(with: 1, where: positive .== (yv .> 0.5))
            let sigmoid = (SIMD8<Float>(repeating: 1).replacing(with: t, where: .!positive)) / (1 + t)
            UnsafeMutableRawPointer(d + r).storeBytes(of: (sigmoid - yv) * inv, as: SIMD8<Float>.self)
            r += 8
        }
        var tailLoss = 0.0
        var tailCorrect = 0
        while r < n {
            let z = out[r]
            tailLoss += Double(Self.bce(z, y[r]))
            tailCorrect += (z > 0) == (y[r] > 0.5) ? 1 : 0
            d[r] = (1 / (1 + exp(-z)) - y[r]) * inv
            r += 1
        }
        return ((Double(loss.sum()) + tailLoss) / Double(n), Int(correct.sum()) + tailCorrect)
    }

    private func backward(rows n: Int) {
        let slope = Float(config.activation.negativeSlope)
        for l in stride(from: dims.count - 2, through: 0, by: -1) {
            let fanIn = dims[l]
            let fanOut = dims[l + 1]
            let d = deltas[l].p
            let input = l == 0 ? inputs.p : hs[l - 1].p
            // [dW | db] = Δᵀ · [H | 1]
            if fanOut == 1 {
                // The output layer: one vector accumulation, cheaper than a product call.
                Self.weightedRowSum(d, input, rows: n, width: fanIn + 1, into: grads[l].p)
            } else {
                engine.gemm(
                    transA: true, transB: false, m: fanOut, n: fanIn + 1, k: n, alpha: 1,
                    a: d, lda: fanOut, b: input, ldb: fanIn + 1, beta: 0, c: grads[l].p, ldc: fanIn + 1)
            }
            guard l > 0 else { break }
            // Δ_prev = (Δ · W) ⊙ σ'(Z_prev), W being the first `in` columns of [W | b].
            let prev = deltas[l - 1].p
            if fanOut == 1 {
                // Below the output: δ_r · w ⊙ σ'(z_r) in one pass.
                Self.outerProductWithSlope(
                    d, weights[l].p, zs[l - 1].p, rows: n, width: fanIn, slope: slope, into: prev)
            } else {
                engine.gemm(
                    transA: false, transB: false, m: n, n: fanIn, k: fanOut, alpha: 1,
                    a: d, lda: fanOut, b: weights[l].p, ldb: fanIn + 1, beta: 0, c: prev, ldc: fanIn)
                scaleByActivationSlope(prev, where: zs[l - 1].p, count: n * fanIn, slope: slope)
            }
        }
    }

    /// out[r] = d[r] · w ⊙ σ'(z[r]) (σ' = 1 where z > 0, else the slope), eight lanes at a time.
    static func outerProductWithSlope(
        _ d: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ z: UnsafePointer<Float>,
        rows n: Int, width: Int, slope: Float, into out: UnsafeMutablePointer<Float>
    ) {
        let slopes = SIMD8<Float>(repeating: slope)
        let ones = SIMD8<Float>(repeating: 1)
        let vectorWidth = width & ~7
        for r in 0..<n {
            let dr = d[r]
            let zr = z + r * width
            let o = out + r * width
            var j = 0
            while j < vectorWidth {
                let zv = UnsafeRawPointer(zr + j).loadUnaligned(as: SIMD8<Float>.self)
                let wv = UnsafeRawPointer(w + j).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(o + j).storeBytes(
                    of: dr * wv * slopes.replacing(with: ones, where: zv .> 0), as: SIMD8<Float>.self)
                j += 8
            }
            while j < width {
                o[j] = dr * w[j] * (zr[j] > 0 ? 1 : slope)
                j += 1
            }
        }
    }

    /// out = Σ_r w[r] · m[r], the accumulators kept in registers: one pass over the rows per eight
    /// columns, then one per leftover column.
    static func weightedRowSum(
        _ w: UnsafePointer<Float>, _ m: UnsafePointer<Float>, rows n: Int, width: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        var c = 0
        while c + 8 <= width {
            var acc = SIMD8<Float>(repeating: 0)
            for r in 0..<n { acc += w[r] * UnsafeRawPointer(m + r * width + c).loadUnaligned(as: SIMD8<Float>.self) }
            UnsafeMutableRawPointer(out + c).storeBytes(of: acc, as: SIMD8<Float>.self)
            c += 8
        }
        while c < width {
            var acc: Float = 0
            for r in 0..<n { acc += w[r] * m[r * width + c] }
            out[c] = acc
            c += 1
        }
    }

    /// δ *= σ'(z): 1 where z > 0, else the negative slope; eight lanes at a time.
    private func scaleByActivationSlope(
        _ d: UnsafeMutablePointer<Float>, where z: UnsafeMutablePointer<Float>, count: Int, slope: Float
    ) {
        var i = 0
        let slopes = SIMD8<Float>(repeating: slope)
        let ones = SIMD8<Float>(repeating: 1)
        while i + 8 <= count {
            let zv = UnsafeRawPointer(z + i).loadUnaligned(as: SIMD8<Float>.self)
            let dv = UnsafeRawPointer(d + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(d + i).storeBytes(
                of: dv * slopes.replacing(with: ones, where: zv .> 0), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            d[i] *= z[i] > 0 ? 1 : slope
            i += 1
        }
    }

    /// PyTorch's AdamW: decoupled weight decay first, then the bias-corrected Adam step.
    private func adamW(learningRate lr: Double) {
        let b1 = config.beta1
        let b2 = config.beta2
        let t = Double(step + 1)
        let c1 = 1 - pow(b1, t)
        let c2 = 1 - pow(b2, t)
        let stepSize = Float(lr / c1)
        let decay = Float(1 - lr * config.weightDecay)
        let eps = Float(config.epsilon)
        let sqrtC2 = Float(c2.squareRoot())
        let fb1 = Float(b1)
        let fb2 = Float(b2)
        func update(_ p: FloatBuffer, _ g: FloatBuffer, _ m: FloatBuffer, _ v: FloatBuffer) {
            for i in 0..<p.count {
                let gi = g.p[i]
                m.p[i] = fb1 * m.p[i] + (1 - fb1) * gi
                v.p[i] = fb2 * v.p[i] + (1 - fb2) * gi * gi
                p.p[i] = p.p[i] * decay - stepSize * m.p[i] / (v.p[i].squareRoot() / sqrtC2 + eps)
            }
        }
        for l in weights.indices { update(weights[l], grads[l], adamM[l], adamV[l]) }
        refreshTransposed()
    }
}
