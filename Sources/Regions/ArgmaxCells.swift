/// Splits one face of the mesh into its argmax cells: the convex pieces where one class wins.
///
/// On a face every output is affine, so class i wins on the intersection of the half-planes
/// `z_i ≥ z_j`, and the cell is the face clipped by each of them in turn. Values are carried
/// with every polygon corner (all outputs, interpolated: exact, the outputs are affine on the
/// face), so a clip decides its side from corner values rather than from the fitted maps. Where
/// a clip line crosses a mesh edge the point is computed from that edge's two mesh vertices
/// only, in a fixed orientation, so the faces on both sides get the very same point and
/// boundary pieces join across faces by key.
///
/// Ties go to the lower class, as argmax does: where `z_i ≡ z_j` on a whole piece, class j > i
/// gets nothing there. Differences within rounding (`TieTolerance`) are ties. Cells that would
/// have zero area (a clip that leaves no corner strictly inside) are dropped.
struct ArgmaxCells {
    /// Competing classes: K, or 2 for one output (class 0 scores 0 and class 1 the logit, so
    /// class 1 is the positive side and z = 0 goes to class 0, as argmax's first-on-ties does).
    let classes: Int
    private let outputs: Int
    private let x: [Double]
    private let y: [Double]
    private let origin: [Int32]
    private let next: [Int32]
    private let twin: [Int32]
    private let faceEdge: [Int32]
    private let vertexOutputs: [Double]
    private let ties: VertexTies?

    /// Cells of the last `split`: cell c is winner `winners[c]` with corners `cellRange(c)`.
    private(set) var winners: [Int] = []
    private(set) var ends: [Int] = []
    private(set) var cx: [Double] = []
    private(set) var cy: [Double] = []
    /// Per cell corner, what the edge to the next corner lies on: a mesh half-edge (≥ 0), or the
    /// line `z_winner = z_j` as `-1 - j`.
    private(set) var ctag: [Int32] = []
    /// Per cell corner, a key naming the point: equal keys are the same point in every face.
    private(set) var cplace: [Int64] = []
    /// Per cell corner, the class values there (`classes` each) and the scale of their rounding.
    private(set) var cscore: [Double] = []
    private(set) var cscale: [Double] = []
    /// Whether the last split found one clear winner at every corner (then nothing ties there).
    private(set) var clear = false

    // The polygon being clipped and the buffer its clip goes to.
    private var px: [Double] = []
    private var py: [Double] = []
    private var ps: [Double] = []
    private var pscale: [Double] = []
    private var ptag: [Int32] = []
    private var pplace: [Int64] = []
    private var qx: [Double] = []
    private var qy: [Double] = []
    private var qs: [Double] = []
    private var qscale: [Double] = []
    private var qtag: [Int32] = []
    private var qplace: [Int64] = []
    private var d: [Double] = []
    private var cornerV: [Int] = []
    private var cornerH: [Int32] = []
    private var candidates: [Int] = []
    private var interiorSerial: Int64 = 0

    init(
        outputs: Int, x: [Double], y: [Double], origin: [Int32], next: [Int32], twin: [Int32], faceEdge: [Int32],
        vertexOutputs: [Double], ties: VertexTies?
    ) {
        self.outputs = outputs
        classes = outputs == 1 ? 2 : outputs
        self.x = x
        self.y = y
        self.origin = origin
        self.next = next
        self.twin = twin
        self.faceEdge = faceEdge
        self.vertexOutputs = vertexOutputs
        self.ties = ties
    }

    @inline(__always)
    private func score(_ v: Int, _ c: Int) -> Double {
        outputs == 1 ? (c == 0 ? 0 : vertexOutputs[v]) : vertexOutputs[v * outputs + c]
    }

    @inline(__always)
    private func vertexScale(_ v: Int) -> Double { ties?.scales[v] ?? 0 }

    /// `a − b` for classes i, j at a point of rounding scale `scale`, 0 within rounding.
    @inline(__always)
    private func gap(_ a: Double, _ b: Double, _ i: Int, _ j: Int, scale: Double) -> Double {
        let g = a - b
        guard let ties else { return g }
        return abs(g) <= ties.tolerance.bound(i, j, scale: scale) ? 0 : g
    }

    /// Whether classes i and j tie at corner k of the last split's cells.
    func tie(corner k: Int, _ i: Int, _ j: Int) -> Bool {
        gap(cscore[k * classes + i], cscore[k * classes + j], i, j, scale: cscale[k]) == 0
    }

    /// The winning class at a mesh vertex, or -1 if another class ties with it there.
    @inline(__always)
    private func clearWinner(atVertex v: Int) -> Int {
        if outputs == 1 {
            let z = vertexOutputs[v]
            return z > 0 ? 1 : (z < 0 ? 0 : -1)
        }
        let base = v * outputs
        var best = 0
        for c in 1..<outputs where vertexOutputs[base + c] > vertexOutputs[base + best] { best = c }
        let top = vertexOutputs[base + best]
        let scale = vertexScale(v)
        for c in 0..<outputs where c != best && gap(top, vertexOutputs[base + c], best, c, scale: scale) == 0 {
            return -1
        }
        return best
    }

    var cellCount: Int { winners.count }
    func cellRange(_ c: Int) -> Range<Int> { (c == 0 ? 0 : ends[c - 1])..<ends[c] }

    /// Splits face `f`; the cells are then in `winners`, `cellRange`, `cx`, `cy`, `ctag`, `cplace`.
    mutating func split(face f: Int) {
        winners.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        cx.removeAll(keepingCapacity: true)
        cy.removeAll(keepingCapacity: true)
        ctag.removeAll(keepingCapacity: true)
        cplace.removeAll(keepingCapacity: true)
        cscore.removeAll(keepingCapacity: true)
        cscale.removeAll(keepingCapacity: true)
        cornerV.removeAll(keepingCapacity: true)
        cornerH.removeAll(keepingCapacity: true)
        let start = faceEdge[f]
        var h = start
        repeat {
            cornerH.append(h)
            cornerV.append(Int(origin[Int(h)]))
            h = next[Int(h)]
        } while h != start

        // Most faces have one clear winner at every corner, and then everywhere (the gap to each
        // other class is affine and > 0 at the corners).
        let first = clearWinner(atVertex: cornerV[0])
        clear = first >= 0 && cornerV.dropFirst().allSatisfy({ clearWinner(atVertex: $0) == first })
        if clear {
            loadCorners()
            emitCell(first)
            return
        }
        // A class below another's lowest corner value everywhere never reaches the upper envelope
        // (with a margin for ties).
        var floor = -Double.infinity
        var scale = 0.0
        for v in cornerV { scale = max(scale, vertexScale(v)) }
        for c in 0..<classes {
            var l = Double.infinity
            for v in cornerV { l = min(l, score(v, c)) }
            floor = max(floor, l)
        }
        floor -= 2 * (ties?.tolerance.maxBound(scale: scale) ?? 0)
        candidates.removeAll(keepingCapacity: true)
        for c in 0..<classes where cornerV.contains(where: { score($0, c) >= floor }) { candidates.append(c) }
        for i in candidates {
            loadCorners()
            var alive = true
            for j in candidates where j != i {
                if !clip(keep: i, against: j) {
                    alive = false
                    break
                }
            }
            if alive && px.count >= 3 { emitCell(i) }
        }
    }

    /// The cells of face `f` as public values.
    mutating func decisionCells(face f: Int) -> [DecisionCell] {
        split(face: f)
        return (0..<cellCount).map { c in
            DecisionCell(winner: winners[c], polygon: cellRange(c).map { Point(cx[$0], cy[$0]) })
        }
    }

    private mutating func loadCorners() {
        px.removeAll(keepingCapacity: true)
        py.removeAll(keepingCapacity: true)
        ps.removeAll(keepingCapacity: true)
        pscale.removeAll(keepingCapacity: true)
        ptag.removeAll(keepingCapacity: true)
        pplace.removeAll(keepingCapacity: true)
        for (k, v) in cornerV.enumerated() {
            px.append(x[v])
            py.append(y[v])
            for c in 0..<classes { ps.append(score(v, c)) }
            pscale.append(vertexScale(v))
            ptag.append(cornerH[k])
            pplace.append(Int64(v))
        }
    }

    private mutating func emitCell(_ w: Int) {
        winners.append(w)
        cx.append(contentsOf: px)
        cy.append(contentsOf: py)
        ctag.append(contentsOf: ptag)
        cplace.append(contentsOf: pplace)
        cscore.append(contentsOf: ps)
        cscale.append(contentsOf: pscale)
        ends.append(cx.count)
    }

    /// The place of the point where `z_i = z_j` crosses the undirected edge of half-edge `lowest`:
    /// numbered after the mesh vertices (whose places are their indices), one per class pair.
    @inline(__always)
    private func edgePlace(_ lowest: Int32, _ i: Int, _ j: Int) -> Int64 {
        let pair = Int64(min(i, j) * classes + max(i, j))
        return (Int64(x.count) + Int64(lowest)) * Int64(classes * classes) + pair
    }

    /// Clips the polygon to `z_i ≥ z_j`; false if nothing of positive area is left.
    private mutating func clip(keep i: Int, against j: Int) -> Bool {
        let n = px.count
        let m = classes
        d.removeAll(keepingCapacity: true)
        var anyPositive = false
        var anyNegative = false
        for k in 0..<n {
            let g = gap(ps[k * m + i], ps[k * m + j], i, j, scale: pscale[k])
            d.append(g)
            if g > 0 { anyPositive = true } else if g < 0 { anyNegative = true }
        }
        if !anyNegative { return anyPositive || j > i }
        if !anyPositive { return false }
        qx.removeAll(keepingCapacity: true)
        qy.removeAll(keepingCapacity: true)
        qs.removeAll(keepingCapacity: true)
        qscale.removeAll(keepingCapacity: true)
        qtag.removeAll(keepingCapacity: true)
        qplace.removeAll(keepingCapacity: true)
        let line = Int32(-1 - j)
        for k in 0..<n {
            let k2 = k + 1 == n ? 0 : k + 1
            let dk = d[k]
            let dn = d[k2]
            if dk >= 0 {
                qx.append(px[k])
                qy.append(py[k])
                for c in 0..<m { qs.append(ps[k * m + c]) }
                qscale.append(pscale[k])
                // A kept corner on the line, leaving the kept side: its edge runs along the line.
                qtag.append(dk == 0 && dn < 0 ? line : ptag[k])
                qplace.append(pplace[k])
            }
            guard (dk > 0 && dn < 0) || (dk < 0 && dn > 0) else { continue }
            let tag = ptag[k]
            var lowest: Int32 = 0
            var a = 0
            var b = 0
            var da = 0.0
            var db = 0.0
            if tag >= 0 {
                lowest = min(tag, twin[Int(tag)])
                a = Int(origin[Int(lowest)])
                b = Int(origin[Int(twin[Int(lowest)])])
                da = gap(score(a, i), score(a, j), i, j, scale: vertexScale(a))
                db = gap(score(b, i), score(b, j), i, j, scale: vertexScale(b))
            }
            if (da > 0 && db < 0) || (da < 0 && db > 0) {
                // On a mesh edge: from the edge's own end values, the same in both faces.
                let s = da / (da - db)
                qx.append(x[a] + s * (x[b] - x[a]))
                qy.append(y[a] + s * (y[b] - y[a]))
                for c in 0..<m {
                    let sa = score(a, c)
                    qs.append(sa + s * (score(b, c) - sa))
                }
                qscale.append(max(vertexScale(a), vertexScale(b)))
                qplace.append(edgePlace(lowest, i, j))
            } else {
                let s = dk / (dk - dn)
                qx.append(px[k] + s * (px[k2] - px[k]))
                qy.append(py[k] + s * (py[k2] - py[k]))
                for c in 0..<m {
                    let sa = ps[k * m + c]
                    qs.append(sa + s * (ps[k2 * m + c] - sa))
                }
                qscale.append(max(pscale[k], pscale[k2]))
                interiorSerial += 1
                qplace.append(-interiorSerial)
            }
            qtag.append(dk > 0 ? line : tag)
        }
        swap(&px, &qx)
        swap(&py, &qy)
        swap(&ps, &qs)
        swap(&pscale, &qscale)
        swap(&ptag, &qtag)
        swap(&pplace, &qplace)
        return px.count >= 3
    }
}
