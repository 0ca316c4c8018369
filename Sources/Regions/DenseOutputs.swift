import Dispatch
import NeuralNet

/// The network's outputs at the vertices that have a dense row of the last hidden layer, each
/// snapped like the cuts (see `ZeroTolerance`), with the scale the snapping used.
///
/// Four vertices go through each output together: four independent sums instead of one chain
/// of dependent additions (with one output, that chain was the whole cost). Every sum still runs
/// in input order from 0, so the values are the ones a vertex-at-a-time loop gives, whatever the
/// number of outputs or threads. Threads take chunks of 4-row blocks as they come free, so the
/// work can start on one thread beside the last cut (which reads the same rows, never writes them).
final class DenseOutputs: @unchecked Sendable {
    let values: ValueTable
    /// Vertices `0..<rows` have dense rows.
    let rows: Int
    let outputs: Int
    /// `outputs` per vertex, vertex-major.
    let result: UnsafeMutablePointer<Double>
    let scales: UnsafeMutablePointer<Double>
    private let weight: [Double]
    private let bias: [Double]
    private let tolerance: ZeroTolerance
    private let slope: Double
    private let blocks: BlockQueue

    init(values: ValueTable, layer: DenseLayer, activation: Activation) {
        self.values = values
        rows = values.count
        outputs = layer.outputs
        weight = layer.weight
        bias = layer.bias
        tolerance = ZeroTolerance(layer: layer)
        slope = activation.negativeSlope
        blocks = BlockQueue(rows: rows, chunk: 64)
        result = .allocate(capacity: max(1, rows * outputs))
        scales = .allocate(capacity: max(1, rows))
    }

    deinit {
        result.deallocate()
        scales.deallocate()
    }

    /// Bytes of the two buffers.
    static func bytes(rows: Int, outputs: Int) -> Int { rows * (outputs + 1) * 8 }

    /// Computes everything on `threads` threads, returning when done.
    func run(threads: Int) {
        let workers = max(1, min(threads, blocks.count / 256))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in work() }
    }

    /// Starts one thread in the background; `finish` or `stop` must follow.
    func start() {
        blocks.inBackground { self.work() }
    }

    /// Takes the blocks left on the calling thread, then waits for the background thread.
    func finish() {
        work()
        blocks.wait()
    }

    /// Abandons the work and waits for the background thread.
    func stop() {
        blocks.stop()
        blocks.wait()
    }

    private func work() {
        let n = values.width
        let k = outputs
        let activated = UnsafeMutablePointer<Double>.allocate(capacity: max(1, 4 * n))
        defer { activated.deallocate() }
        weight.withUnsafeBufferPointer { wb in
            let w = wb.baseAddress!
            while let chunk = blocks.take() {
                for block in chunk {
                    let r0 = block * 4
                    let live = min(4, rows - r0)
                    let scale = ActivatedRow.writeBlock(values, first: r0, live: live, slope: slope, to: activated)
                    for r in 0..<live { scales[r0 + r] = scale[r] }
                    let a0 = activated
                    let a1 = activated + n
                    let a2 = activated + 2 * n
                    let a3 = activated + 3 * n
                    for o in 0..<k {
                        let wo = w + o * n
                        var s0 = 0.0
                        var s1 = 0.0
                        var s2 = 0.0
                        var s3 = 0.0
                        for j in 0..<n {
                            let c = wo[j]
                            s0 += c * a0[j]
                            s1 += c * a1[j]
                            s2 += c * a2[j]
                            s3 += c * a3[j]
                        }
                        let sums = SIMD4<Double>(s0, s1, s2, s3)
                        for r in 0..<live {
                            let z = sums[r] + bias[o]
                            result[(r0 + r) * k + o] = abs(z) <= tolerance.bound(o, scale: scale[r]) ? 0 : z
                        }
                    }
                }
            }
        }
    }
}
