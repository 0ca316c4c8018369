/// Cuts a range of faces by one layer's zero lines into its own buffers (a `CutChunk`), reading
/// the mesh and the values but writing nothing shared, so ranges can run on separate threads.
///
/// The mesh's edges were already split where the layer changes sign along them (`EdgeSplitter`),
/// so a face's cut only adds vertices inside it. Each face is cut alone in a small local mesh: its
/// boundary (local half-edges and vertices `0..<c`, the face's own), the vertices and edges the cut
/// adds, and a dense table of only the neurons crossing the face (one row per local vertex), where
/// `LayerCutter` reads every corner value through the shared store. The recursion, the values of
/// new vertices and the order in which pieces, vertices and edges are made are `LayerCutter`'s,
/// so the pieces are the same.
struct ChunkCutter {
    let mesh: HalfEdgeMesh
    let values: StoredValues
    let split: SplitValues
    let crossings: LayerCrossings
    let tolerance: ZeroTolerance
    let neuronOffset: Int
    let wordsPerFace: Int
    let slope: Double
    let maxFaces: Int
    let maxMemoryBytes: Int
    /// Bytes held before the cut (mesh, values, origins), for the memory budget.
    let baseBytes: Int
    let cancel: CancellationToken?

    private(set) var out = CutChunk()
    private(set) var conflicts = 0

    // The face being cut, in local numbering.
    private var n = 0
    private var columns: [Int32] = []
    private var corners = 0
    private var lx: [Double] = []
    private var ly: [Double] = []
    private var lscale: [Double] = []
    /// `n` values per local vertex.
    private var table: [Double] = []
    private var lOrigin: [Int32] = []
    private var lNext: [Int32] = []
    private var lTwin: [Int32] = []
    private var lFace: [Int32] = []
    private var lSource: [Int32] = []
    private var lFaceEdge: [Int32] = []
    private var lBits: [UInt64] = []

    private var cycle: [Int32] = []
    private var cornerEdges: [Int32] = []
    private var cornerValues: [Double] = []
    private var signs: [Int8] = []
    private var candidates: [Int32] = []
    private var work: [(face: Int32, start: Int, end: Int)] = []

    init(
        mesh: HalfEdgeMesh, values: StoredValues, split: SplitValues, crossings: LayerCrossings,
        tolerance: ZeroTolerance,
        neuronOffset: Int, wordsPerFace: Int, slope: Double, maxFaces: Int, maxMemoryBytes: Int, baseBytes: Int,
        cancel: CancellationToken?
    ) {
        self.maxMemoryBytes = maxMemoryBytes
        self.baseBytes = baseBytes
        self.mesh = mesh
        self.values = values
        self.split = split
        self.crossings = crossings
        self.tolerance = tolerance
        self.neuronOffset = neuronOffset
        self.wordsPerFace = wordsPerFace
        self.slope = slope
        self.maxFaces = maxFaces
        self.cancel = cancel
    }

    /// The cuts made since the last call, and the conflicts met.
    mutating func takeOutput() -> (CutChunk, Int) {
        defer {
            out = CutChunk()
            conflicts = 0
        }
        return (out, conflicts)
    }

    /// Cuts faces `range` (from before the cut) that some neuron crosses; `bits` holds their
    /// pattern bits so far.
    mutating func cut(_ range: Range<Int>, bits: UnsafeBufferPointer<UInt64>) throws {
        var steps = 0
        for f in range {
            let a = Int(crossings.start[f])
            let b = Int(crossings.start[f + 1])
            if a == b { continue }
            if f & 255 == 0, let cancel, cancel.isCancelled { throw PartitionError.cancelled }
            load(face: f, columns: a..<b, bits: bits)
            candidates.removeAll(keepingCapacity: true)
            for c in 0..<Int32(n) { candidates.append(c) }
            work.append((0, 0, candidates.count))
            while let item = work.popLast() {
                steps += 1
                if steps & 1023 == 0, let cancel, cancel.isCancelled { throw PartitionError.cancelled }
                let column = Int(candidates[item.start])
                let piece = cutFace(item.face, column: column)
                guard item.start + 1 < item.end else { continue }
                for side in 0..<2 {
                    guard let face = side == 0 ? item.face : piece else { continue }
                    let start = candidates.count
                    filterCrossing(face, from: item.start + 1, to: item.end)
                    if candidates.count > start { work.append((face, start, candidates.count)) }
                }
            }
            out.append(
                face: f, corners: corners, origin: lOrigin, next: lNext, twin: lTwin, face: lFace, source: lSource,
                faceEdge: lFaceEdge, bits: lBits, wordsPerFace: wordsPerFace, x: lx, y: ly)
            guard mesh.faceCount + out.newFaces <= maxFaces else { throw PartitionError.tooManyFaces(limit: maxFaces) }
            guard baseBytes + out.bytes(wordsPerFace: wordsPerFace) < maxMemoryBytes else {
                throw PartitionError.memoryBudget(bytes: maxMemoryBytes)
            }
        }
    }

    /// The local mesh of face `f`: its boundary from `faceEdge[f]`, and the values of the
    /// neurons crossing it at its corners.
    private mutating func load(face f: Int, columns range: Range<Int>, bits: UnsafeBufferPointer<UInt64>) {
        columns.removeAll(keepingCapacity: true)
        columns.append(contentsOf: crossings.list[range])
        n = columns.count
        lx.removeAll(keepingCapacity: true)
        ly.removeAll(keepingCapacity: true)
        lscale.removeAll(keepingCapacity: true)
        table.removeAll(keepingCapacity: true)
        lOrigin.removeAll(keepingCapacity: true)
        lNext.removeAll(keepingCapacity: true)
        lTwin.removeAll(keepingCapacity: true)
        lFace.removeAll(keepingCapacity: true)
        lSource.removeAll(keepingCapacity: true)
        let first = mesh.faceEdge[f]
        var h = first
        var i: Int32 = 0
        repeat {
            let v = Int(mesh.origin[Int(h)])
            out.boundary(halfEdge: h, vertex: Int32(v))
            lx.append(mesh.x[v])
            ly.append(mesh.y[v])
            lscale.append(v < split.firstVertex ? values.scaleOf(v) : split.scale(v))
            columns.withUnsafeBufferPointer {
                if v < split.firstVertex {
                    values.appendValues(v, $0, to: &table)
                } else {
                    split.appendValues(v, $0, to: &table)
                }
            }
            lOrigin.append(i)
            lTwin.append(-1)
            lFace.append(0)
            lSource.append(mesh.source[Int(h)])
            i += 1
            h = mesh.next[Int(h)]
        } while h != first
        corners = Int(i)
        for j in 0..<corners { lNext.append(Int32(j + 1 == corners ? 0 : j + 1)) }
        lFaceEdge.removeAll(keepingCapacity: true)
        lFaceEdge.append(0)
        lBits.removeAll(keepingCapacity: true)
        lBits.append(contentsOf: bits[(f * wordsPerFace)..<((f + 1) * wordsPerFace)])
    }

    /// Appends to `candidates` the columns of `candidates[from..<to]` that change sign on local
    /// face `face`; for the others, records the face's pattern bit.
    private mutating func filterCrossing(_ face: Int32, from: Int, to: Int) {
        cycle.removeAll(keepingCapacity: true)
        let start = lFaceEdge[Int(face)]
        var h = start
        repeat {
            cycle.append(lOrigin[Int(h)] * Int32(n))
            h = lNext[Int(h)]
        } while h != start
        let base = Int(face) * wordsPerFace
        for c in from..<to {
            let k = Int(candidates[c])
            var lo = Double.infinity
            var hi = -Double.infinity
            for row in cycle {
                let z = table[Int(row) + k]
                lo = min(lo, z)
                hi = max(hi, z)
            }
            if lo < 0 && hi > 0 {
                candidates.append(Int32(k))
            } else if hi > 0 {
                let g = neuronOffset + Int(columns[k])
                lBits[base + g >> 6] |= 1 << UInt64(g & 63)
            }
        }
    }

    /// Cuts local face `f` by the neuron of `column` if it changes sign on it; returns the new face.
    private mutating func cutFace(_ f: Int32, column k: Int) -> Int32? {
        let g = neuronOffset + Int(columns[k])
        let word = g >> 6
        let mask: UInt64 = 1 << UInt64(g & 63)

        let start = lFaceEdge[Int(f)]
        var hasPositive = false
        var hasNegative = false
        cornerEdges.removeAll(keepingCapacity: true)
        cornerValues.removeAll(keepingCapacity: true)
        var h = start
        repeat {
            let z = table[Int(lOrigin[Int(h)]) * n + k]
            if z > 0 { hasPositive = true } else if z < 0 { hasNegative = true }
            cornerEdges.append(h)
            cornerValues.append(z)
            h = lNext[Int(h)]
        } while h != start
        if !(hasPositive && hasNegative) {
            if hasPositive { lBits[Int(f) * wordsPerFace + word] |= mask }
            return nil
        }

        cycle.removeAll(keepingCapacity: true)
        signs.removeAll(keepingCapacity: true)
        let count = cornerEdges.count
        for i in 0..<count {
            let h = cornerEdges[i]
            let zu = cornerValues[i]
            let zv = cornerValues[i + 1 == count ? 0 : i + 1]
            cycle.append(h)
            signs.append(zu > 0 ? 1 : (zu < 0 ? -1 : 0))
            if (zu > 0 && zv < 0) || (zu < 0 && zv > 0) {
                // The face's own boundary was split beforehand: a sign change left on it means
                // values that disagree beyond the zero tolerance; the neighbour is not touched.
                guard Int(h) >= corners else {
                    conflicts += 1
                    continue
                }
                let u = Int(lOrigin[Int(h)])
                let v = Int(lOrigin[Int(cornerEdges[i + 1 == count ? 0 : i + 1])])
                let w = addVertex(between: u, v, t: zu / (zu - zv), zeroColumn: k)
                cycle.append(splitEdge(h, at: Int32(w)))
                signs.append(0)
            }
        }

        // The boundary is a positive run, zeros, a negative run, zeros.
        let m = cycle.count
        var i0 = 0
        while !(signs[i0] > 0 && signs[(i0 + m - 1) % m] <= 0) { i0 += 1 }
        var iA = i0
        while signs[iA % m] > 0 { iA += 1 }
        var iNeg = iA
        while signs[iNeg % m] == 0 { iNeg += 1 }
        var iB = iNeg
        while signs[iB % m] < 0 { iB += 1 }
        var iBack = iB
        while signs[iBack % m] == 0 { iBack += 1 }
        if signs[iNeg % m] >= 0 || (iBack - i0) != m || signs[iA % m] != 0 || signs[iB % m] != 0 {
            conflicts += 1
        }
        let hA = cycle[iA % m]
        let prevA = cycle[(iA + m - 1) % m]
        let hB = cycle[iB % m]
        let prevB = cycle[(iB + m - 1) % m]

        let newFace = Int32(lFaceEdge.count)
        let base = Int(f) * wordsPerFace
        for i in 0..<wordsPerFace { lBits.append(lBits[base + i]) }
        lBits[base + word] |= mask
        lBits[Int(newFace) * wordsPerFace + word] &= ~mask
        splitFace(f, prevA: prevA, hA: hA, prevB: prevB, hB: hB, newFace: newFace, label: Int32(g))
        return newFace
    }

    /// A new local vertex at `u + t (v − u)` on the zero line of `columns[k]`, its values
    /// interpolated (exact: the layer is affine inside the face) and snapped with the larger of
    /// its ends' scales, as `StoredValues.addVertex` does; its origin goes to the chunk.
    private mutating func addVertex(between u: Int, _ v: Int, t: Double, zeroColumn k: Int) -> Int {
        let w = lx.count
        lx.append(lx[u] + t * (lx[v] - lx[u]))
        ly.append(ly[u] + t * (ly[v] - ly[u]))
        let s = max(lscale[u], lscale[v])
        lscale.append(s)
        out.origins.begin(u: u, v: v, t: t)
        let ru = u * n
        let rv = v * n
        for j in 0..<n {
            let zu = table[ru + j]
            let zv = table[rv + j]
            var zw = 0.0
            if j != k {
                zw = zu + t * (zv - zu)
                if abs(zw) <= tolerance.bound(Int(columns[j]), scale: s) { zw = 0 }
            }
            table.append(zw)
            out.origins.correct(Int(columns[j]), zu: zu, zv: zv, zw: zw, t: t, slope: slope)
        }
        out.origins.finish()
        return w
    }

    /// `HalfEdgeMesh.splitEdge` on the local mesh.
    private mutating func splitEdge(_ h: Int32, at w: Int32) -> Int32 {
        let t = lTwin[Int(h)]
        let h2 = Int32(lOrigin.count)
        let t2 = h2 + 1
        let label = lSource[Int(h)]
        lOrigin.append(w)
        lNext.append(lNext[Int(h)])
        lTwin.append(t)
        lFace.append(lFace[Int(h)])
        lSource.append(label)
        lOrigin.append(w)
        lNext.append(lNext[Int(t)])
        lTwin.append(h)
        lFace.append(lFace[Int(t)])
        lSource.append(label)
        lNext[Int(h)] = h2
        lNext[Int(t)] = t2
        lTwin[Int(h)] = t2
        lTwin[Int(t)] = h2
        return h2
    }

    /// `HalfEdgeMesh.splitFace` on the local mesh.
    private mutating func splitFace(
        _ f: Int32, prevA: Int32, hA: Int32, prevB: Int32, hB: Int32, newFace: Int32, label: Int32
    ) {
        let a = lOrigin[Int(hA)]
        let b = lOrigin[Int(hB)]
        let d = Int32(lOrigin.count)
        let e = d + 1
        lOrigin.append(a)
        lNext.append(hB)
        lTwin.append(e)
        lFace.append(f)
        lSource.append(label)
        lOrigin.append(b)
        lNext.append(hA)
        lTwin.append(d)
        lFace.append(newFace)
        lSource.append(label)
        lNext[Int(prevA)] = d
        lNext[Int(prevB)] = e
        lFaceEdge[Int(f)] = d
        lFaceEdge.append(e)
        var h = e
        repeat {
            lFace[Int(h)] = newFace
            h = lNext[Int(h)]
        } while h != e
    }
}
