/// What the cutter needs from one layer's pre-activations at the mesh vertices: a value per
/// (vertex, neuron), snapped to exact 0 below its rounding bound, and a way to give a new vertex
/// its values. Every face reads a vertex's values from the same place, so the faces on either
/// side of an edge always agree on its signs.
protocol VertexValues: AnyObject {
    /// Neurons of the layer.
    var width: Int { get }
    /// Bytes held (counted against the memory budget).
    var bytes: Int { get }
    /// The snapped value of neuron `k` at vertex `v`.
    func value(_ v: Int, _ k: Int) -> Double
    /// Vertices `0..<maskedVertices` (those from before the cut) have sign masks.
    var maskedVertices: Int { get }
    /// Words per sign mask (`(width + 63) / 64`).
    var maskWords: Int { get }
    /// For a vertex from before the cut: bit k set where `value(v, k) > 0`.
    func positiveMask(_ v: Int) -> UnsafePointer<UInt64>
    /// For a vertex from before the cut: bit k set where `value(v, k) < 0`.
    func negativeMask(_ v: Int) -> UnsafePointer<UInt64>
    /// Gives the vertex just appended to the mesh at `u + t (v − u)` on neuron `k`'s zero line its
    /// values, and records its origin. `crossing` holds the neurons other than `k` that may still
    /// change sign between `u` and `v` (the face's remaining candidates); `faces` the neurons
    /// crossing the two faces (before the cut) beside the split edge, ascending: the only ones
    /// whose values at the new vertex this layer's cut will ever read.
    func addVertex(
        between u: Int, _ v: Int, t: Double, zeroNeuron k: Int, crossing: UnsafeBufferPointer<Int32>,
        faces: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>), origins: inout VertexOrigins)
}
