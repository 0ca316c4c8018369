/// The network's outputs at the vertices that have a dense row of the last hidden layer, each
/// snapped like the cuts (see `ZeroTolerance`), with the scale the snapping used.
///
/// Four vertices go through each output together: four independent sums instead of one chain
/// of dependent additions (with one output, that chain was the whole cost). Every sum still runs
/// in input order from 0, so the values are the ones a vertex-at-a-time loop gives, whatever the
/// number of outputs or threads.
struct DenseOutputs: @unchecked Sendable {
    let values: ValueTable
    /// Vertices `0..<rows` have dense rows.
    let rows: Int
    /// Output-major, `values.width` per output.
    let weight: SharedBuffer
    let bias: [Double]
    let tolerance: ZeroTolerance
    let slope: Double
    /// `bias.count` outputs per vertex.
    let result: SharedBuffer
    let scales: SharedBuffer

    /// Fills the outputs and scales of the vertices of 4-row blocks `blocks`.
    func fill(blocks: Range<Int>) {
        let n = values.width
        let k = bias.count
        let activated = UnsafeMutablePointer<Double>.allocate(capacity: max(1, 4 * n))
        defer { activated.deallocate() }
        let w = weight.base
        for block in blocks {
            let r0 = block * 4
            let live = min(4, rows - r0)
            var scale = SIMD4<Double>(repeating: 0)
            for r in 0..<4 {
                let a = activated + r * n
                guard r < live else {
                    a.initialize(repeating: 0, count: n)
                    continue
                }
                let row = values.row(r0 + r)
                var s = 0.0
                for j in 0..<n {
                    let v = row[j] > 0 ? row[j] : slope * row[j]
                    a[j] = v
                    s = max(s, abs(v))
                }
                scale[r] = s
                scales.base[r0 + r] = s
            }
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
                    result.base[(r0 + r) * k + o] = abs(z) <= tolerance.bound(o, scale: scale[r]) ? 0 : z
                }
            }
        }
    }
}
