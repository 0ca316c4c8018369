import NeuralNet

/// The first hidden layer's values, computed from each vertex's coordinates instead of stored.
///
/// Layer 1 is one affine map on the whole plane, so a value is two multiply-adds away from the
/// vertex position: the cut of layer 1 (a line arrangement, all of a 1000×1 network) needs no
/// `width` doubles per vertex, which were nearly all of that run's memory and page faults.
/// Snapping keeps the stored-row engine's rule: a new vertex takes the larger of its parents'
/// scales, and its own line is exactly 0 there; any other line through it (concurrent lines)
/// evaluates to a rounding residue of its parents' values and snaps to 0 as interpolation would.
final class LineValues: VertexValues {
    let width: Int
    private let wx: [Double]
    private let wy: [Double]
    private let bias: [Double]
    /// The zero bound of neuron k at scale s is `boundNorm[k] · s + boundBias[k]` (ZeroTolerance).
    private let boundNorm: [Double]
    private let boundBias: [Double]
    private let slope: Double
    @exclusivity(unchecked) private(set) var x: [Double] = []
    @exclusivity(unchecked) private(set) var y: [Double] = []
    @exclusivity(unchecked) private(set) var scale: [Double] = []
    /// The vertices from before the cut (the domain corners) as stored rows, for their sign masks.
    private var corners: ValueTable
    /// The neuron whose zero line made the vertex (-1 for the domain corners).
    @exclusivity(unchecked) private var zeroNeuron: [Int32] = []

    init(layer: DenseLayer, tolerance: ZeroTolerance, slope: Double, xs: [Double], ys: [Double]) {
        width = layer.outputs
        wx = (0..<layer.outputs).map { layer.w($0, 0) }
        wy = (0..<layer.outputs).map { layer.w($0, 1) }
        bias = layer.bias
        boundNorm = tolerance.rowNorm.map { $0 * tolerance.relative }
        boundBias = tolerance.absBias.map { $0 * tolerance.relative }
        self.slope = slope
        // An empty table until the corners' own values (read through `value`) can fill it.
        corners = ValueTable(width: layer.outputs, capacity: 0)
        for i in xs.indices {
            x.append(xs[i])
            y.append(ys[i])
            scale.append(max(abs(xs[i]), abs(ys[i])))
            zeroNeuron.append(-1)
        }
        corners = table(rows: xs.count)
    }

    var count: Int { x.count }
    var bytes: Int { x.count * 28 }

    @inline(__always)
    func value(_ v: Int, _ k: Int) -> Double {
        if Int(zeroNeuron[v]) == k { return 0 }
        let z = wx[k] * x[v] + wy[k] * y[v] + bias[k]
        return abs(z) <= boundNorm[k] * scale[v] + boundBias[k] ? 0 : z
    }

    var maskedVertices: Int { corners.count }
    var maskWords: Int { corners.maskWords }
    func positiveMask(_ v: Int) -> UnsafePointer<UInt64> { UnsafePointer(corners.positive(v)) }
    func negativeMask(_ v: Int) -> UnsafePointer<UInt64> { UnsafePointer(corners.negative(v)) }

    func addVertex(
        between u: Int, _ v: Int, t: Double, zeroNeuron k: Int, crossing: UnsafeBufferPointer<Int32>,
        faces: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>), origins: inout VertexOrigins
    ) {
        let w = x.count
        x.append(x[u] + t * (x[v] - x[u]))
        y.append(y[u] + t * (y[v] - y[u]))
        scale.append(max(scale[u], scale[v]))
        zeroNeuron.append(Int32(k))
        origins.begin(u: u, v: v, t: t)
        origins.correct(k, zu: value(u, k), zv: value(v, k), zw: 0, t: t, slope: slope)
        for j in crossing where Int(j) != k {
            let j = Int(j)
            origins.correct(j, zu: value(u, j), zv: value(v, j), zw: value(w, j), t: t, slope: slope)
        }
        origins.finish()
    }

    /// The values at vertices `0..<rows` as a stored table (the dense start of layer 2).
    func table(rows: Int) -> ValueTable {
        let table = ValueTable(width: width, capacity: rows)
        for v in 0..<rows {
            let r = table.appendRow()
            let row = table.row(r)
            for k in 0..<width { row[k] = value(v, k) }
            table.setScale(r, scale[v])
            table.updateMasks(r)
        }
        return table
    }
}
