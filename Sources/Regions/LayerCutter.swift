import NeuralNet

/// Cuts every face of the mesh by the zero lines of one hidden layer.
///
/// Within a face all earlier layers are fixed, so each neuron of this layer is affine there and
/// its zero set is a straight chord. Faces are cut one at a time by the neurons that cross them;
/// a new vertex on an edge is shared with the neighbouring face through the half-edge twin, and
/// its values live with the vertex (`VertexValues`: computed from its position for layer 1,
/// interpolated along the edge after that — exact, the layer is affine on the edge), so both
/// faces see the same numbers and the mesh stays consistent without any global pass per neuron.
struct LayerCutter<Values: VertexValues> {
    let values: Values
    let tolerance: ZeroTolerance
    /// Global index of this layer's first neuron (edge labels and pattern bits).
    let neuronOffset: Int
    let wordsPerFace: Int
    let maxFaces: Int
    let maxMemoryBytes: Int
    let cancel: CancellationToken?
    /// Negative slope of the activation (0 for ReLU), for the vertex origin records.
    let slope: Double
    /// How each vertex this cut makes lies between two older ones (feeds the next layer's values).
    private(set) var origins: VertexOrigins

    /// Vertices with sign masks (`values.maskedVertices`).
    private let maskedVertices: Int

    /// Phase 1's result: the neurons crossing each face of the mesh before the cut (ascending).
    private var crossStart: [Int32] = []
    private var crossList: [Int32] = []
    /// The face before the cut that each face made by the cut is a piece of.
    private var parentOfNew: [Int32] = []
    private var facesBefore = 0

    private var cycle: [Int32] = []
    private var cornerEdges: [Int32] = []
    private var cornerSigns: [Int8] = []
    private var signs: [Int8] = []
    /// Faces the cut could only split inconsistently (numerical breakdown); 0 in every test.
    private(set) var conflicts = 0

    init(
        values: Values, tolerance: ZeroTolerance, neuronOffset: Int, wordsPerFace: Int, maxFaces: Int,
        maxMemoryBytes: Int = PartitionLimits.defaultMaxMemoryBytes, slope: Double, firstVertex: Int,
        cancel: CancellationToken?
    ) {
        self.slope = slope
        origins = VertexOrigins(firstVertex: firstVertex)
        self.maxMemoryBytes = maxMemoryBytes
        self.values = values
        maskedVertices = values.maskedVertices
        self.tolerance = tolerance
        self.neuronOffset = neuronOffset
        self.wordsPerFace = wordsPerFace
        self.maxFaces = maxFaces
        self.cancel = cancel
    }

    mutating func cut(_ mesh: inout HalfEdgeMesh, bits: inout [UInt64]) throws {
        let facesBefore = mesh.faceCount
        self.facesBefore = facesBefore
        // Phase 1: which neurons cross each face, and the pattern bits of those that do not.
        let crossings = try LayerCrossings(
            mesh: mesh, values: values, neuronOffset: neuronOffset, wordsPerFace: wordsPerFace, bits: &bits,
            cancel: cancel)
        crossStart = crossings.start
        crossList = crossings.list

        // Each crossing (face, neuron) pair makes about 1.2 new faces and vertices (measured on
        // trained and random networks): growing the arrays once, to about the right size, saves
        // the repeated doubling copies and their first-touch page faults.
        let expected = crossList.count + crossList.count / 3
        mesh.reserve(vertices: mesh.vertexCount + expected, faces: mesh.faceCount + expected)
        bits.reserveCapacity((mesh.faceCount + expected) * wordsPerFace)
        try cutFaces(0..<facesBefore, &mesh, bits: &bits)
    }

    /// Phase 2 for the faces in `range` (from before the cut): each is cut by its crossing
    /// neurons; the pieces are final for this layer.
    private mutating func cutFaces(_ range: Range<Int>, _ mesh: inout HalfEdgeMesh, bits: inout [UInt64]) throws {
        // Recursively: after a cut, each piece keeps only the neurons that still cross it, so a
        // line is never tested against pieces it cannot reach (a face crossed by n lines costs
        // about the size of its arrangement, not n × pieces).
        var work: [(face: Int32, start: Int, end: Int)] = []
        var candidates: [Int32] = []
        var steps = 0
        for f in range {
            let a = Int(crossStart[f])
            let b = Int(crossStart[f + 1])
            if a == b { continue }
            candidates.removeAll(keepingCapacity: true)
            candidates.append(contentsOf: crossList[a..<b])
            work.append((Int32(f), 0, candidates.count))
            while let item = work.popLast() {
                steps += 1
                if steps & 255 == 0, let cancel, cancel.isCancelled { throw PartitionError.cancelled }
                let k = Int(candidates[item.start])
                let newFace = try candidates.withUnsafeBufferPointer { c in
                    try cutFace(
                        item.face, neuron: k, remaining: UnsafeBufferPointer(rebasing: c[(item.start + 1)..<item.end]),
                        mesh: &mesh, bits: &bits)
                }
                guard item.start + 1 < item.end else { continue }
                for piece in 0..<2 {
                    guard let face = piece == 0 ? item.face : newFace else { continue }
                    let start = candidates.count
                    filterCrossing(
                        face, candidates: &candidates, from: item.start + 1, to: item.end, mesh: mesh, bits: &bits)
                    if candidates.count > start { work.append((face, start, candidates.count)) }
                }
            }
        }
    }

    /// Appends to `candidates` the neurons of `candidates[from..<to]` that change sign on `face`;
    /// for the others, records the face's pattern bit.
    private mutating func filterCrossing(
        _ face: Int32, candidates: inout [Int32], from: Int, to: Int,
        mesh: HalfEdgeMesh, bits: inout [UInt64]
    ) {
        cycle.removeAll(keepingCapacity: true)
        let start = mesh.faceEdge[Int(face)]
        var h = start
        repeat {
            cycle.append(mesh.origin[Int(h)])
            h = mesh.next[Int(h)]
        } while h != start
        let base = Int(face) * wordsPerFace
        for c in from..<to {
            let k = Int(candidates[c])
            var positive = false
            var negative = false
            for v in cycle {
                let s = sign(Int(v), k)
                positive = positive || s > 0
                negative = negative || s < 0
            }
            if positive && negative {
                candidates.append(Int32(k))
            } else if positive {
                let g = neuronOffset + k
                bits[base + g >> 6] |= 1 << UInt64(g & 63)
            }
        }
    }

    /// The sign of neuron `k` at vertex `v`: from the sign masks for the vertices from before the
    /// cut (a few bytes per vertex, where a value is a row of the table away), else the value's.
    @inline(__always)
    private func sign(_ v: Int, _ k: Int) -> Int8 {
        if v < maskedVertices {
            let word = k >> 6
            let bit: UInt64 = 1 << UInt64(k & 63)
            if values.positiveMask(v)[word] & bit != 0 { return 1 }
            return values.negativeMask(v)[word] & bit != 0 ? -1 : 0
        }
        let z = values.value(v, k)
        return z > 0 ? 1 : (z < 0 ? -1 : 0)
    }

    /// Bytes held by the mesh, the pattern bits and the value table (what grows with the regions).
    @inline(__always)
    static func footprint(_ mesh: HalfEdgeMesh, _ values: Values, _ words: Int) -> Int {
        let perHalfEdge = 5 * MemoryLayout<Int32>.stride
        return mesh.halfEdgeCount * perHalfEdge + mesh.vertexCount * 16 + mesh.faceCount * (4 + 8 * words)
            + values.bytes
    }

    /// Cuts face `f` by neuron `k` if the neuron changes sign on it; returns the new face.
    private mutating func cutFace(
        _ f: Int32, neuron k: Int, remaining: UnsafeBufferPointer<Int32>, mesh: inout HalfEdgeMesh, bits: inout [UInt64]
    ) throws -> Int32? {
        let g = neuronOffset + k
        let word = g >> 6
        let mask: UInt64 = 1 << UInt64(g & 63)

        // One walk takes neuron k's sign at every corner; values are read only at the ends of
        // the edges it crosses.
        let start = mesh.faceEdge[Int(f)]
        var hasPositive = false
        var hasNegative = false
        cornerEdges.removeAll(keepingCapacity: true)
        cornerSigns.removeAll(keepingCapacity: true)
        var h = start
        repeat {
            let s = sign(Int(mesh.origin[Int(h)]), k)
            if s > 0 { hasPositive = true } else if s < 0 { hasNegative = true }
            cornerEdges.append(h)
            cornerSigns.append(s)
            h = mesh.next[Int(h)]
        } while h != start
        if !(hasPositive && hasNegative) {
            if hasPositive { bits[Int(f) * wordsPerFace + word] |= mask }
            return nil
        }
        guard mesh.faceCount < maxFaces else { throw PartitionError.tooManyFaces(limit: maxFaces) }
        guard Self.footprint(mesh, values, wordsPerFace) + origins.bytes < maxMemoryBytes else {
            throw PartitionError.memoryBudget(bytes: maxMemoryBytes)
        }

        // Split every edge whose ends have strictly opposite signs; the boundary, with the new
        // corners (exactly 0) in place, goes to `cycle` / `signs`.
        cycle.removeAll(keepingCapacity: true)
        signs.removeAll(keepingCapacity: true)
        let corners = cornerEdges.count
        for i in 0..<corners {
            let h = cornerEdges[i]
            let su = cornerSigns[i]
            let sv = cornerSigns[i + 1 == corners ? 0 : i + 1]
            cycle.append(h)
            signs.append(su)
            if su * sv < 0 {
                let u = Int(mesh.origin[Int(h)])
                let v = Int(mesh.origin[Int(cornerEdges[i + 1 == corners ? 0 : i + 1])])
                let zu = values.value(u, k)
                let zv = values.value(v, k)
                let other = mesh.face[Int(mesh.twin[Int(h)])]
                let w = try crossList.withUnsafeBufferPointer { list in
                    try addVertex(
                        between: u, v, t: zu / (zu - zv), zeroNeuron: k, crossing: remaining,
                        faces: (
                            crossing(parent(f), list),
                            other >= 0 ? crossing(parent(other), list) : UnsafeBufferPointer(start: nil, count: 0)
                        ),
                        mesh: &mesh)
                }
                cycle.append(mesh.splitEdge(h, at: Int32(w)))
                signs.append(0)
            }
        }

        // The boundary is a positive run, zeros, a negative run, zeros.
        let m = cycle.count
        var i0 = 0  // start of a positive run
        while !(signs[i0] > 0 && signs[(i0 + m - 1) % m] <= 0) { i0 += 1 }
        var iA = i0
        while signs[iA % m] > 0 { iA += 1 }  // first corner after the positive run (a zero)
        var iNeg = iA
        while signs[iNeg % m] == 0 { iNeg += 1 }
        var iB = iNeg
        while signs[iB % m] < 0 { iB += 1 }  // first corner after the negative run (a zero)
        var iBack = iB
        while signs[iBack % m] == 0 { iBack += 1 }
        if signs[iNeg % m] >= 0 || (iBack - i0) != m || signs[iA % m] != 0 || signs[iB % m] != 0 {
            // More than two sign changes: values inconsistent beyond the zero tolerance.
            conflicts += 1
        }
        let hA = cycle[iA % m]
        let prevA = cycle[(iA + m - 1) % m]
        let hB = cycle[iB % m]
        let prevB = cycle[(iB + m - 1) % m]

        let newFace = Int32(mesh.faceCount)
        parentOfNew.append(parent(f))
        let base = Int(f) * wordsPerFace
        for i in 0..<wordsPerFace { bits.append(bits[base + i]) }
        bits[base + word] |= mask  // f keeps the positive side
        bits[Int(newFace) * wordsPerFace + word] &= ~mask
        mesh.splitFace(f, prevA: prevA, hA: hA, prevB: prevB, hB: hB, newFace: newFace, label: Int32(g))
        return newFace
    }

    @inline(__always)
    private func parent(_ face: Int32) -> Int32 {
        Int(face) < facesBefore ? face : parentOfNew[Int(face) - facesBefore]
    }

    @inline(__always)
    private func crossing(_ parent: Int32, _ list: UnsafeBufferPointer<Int32>) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: list[Int(crossStart[Int(parent)])..<Int(crossStart[Int(parent) + 1])])
    }

    /// A new vertex at `u + t (v − u)`, with its values (see `VertexValues.addVertex`).
    private mutating func addVertex(
        between u: Int, _ v: Int, t: Double, zeroNeuron k: Int,
        crossing: UnsafeBufferPointer<Int32>,
        faces: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>),
        mesh: inout HalfEdgeMesh
    ) throws -> Int {
        let w = mesh.x.count
        mesh.x.append(mesh.x[u] + t * (mesh.x[v] - mesh.x[u]))
        mesh.y.append(mesh.y[u] + t * (mesh.y[v] - mesh.y[u]))
        values.addVertex(between: u, v, t: t, zeroNeuron: k, crossing: crossing, faces: faces, origins: &origins)
        return w
    }
}
