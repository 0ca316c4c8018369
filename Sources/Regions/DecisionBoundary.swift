/// Traces `z = 0` through the mesh as joined polylines.
///
/// On each face the logit is affine, so its zero set there is at most one segment, between two
/// points of the face's boundary: a corner where the logit is exactly zero, or a crossing on an
/// edge. A crossing is keyed by its undirected edge, so the two faces beside an edge produce the
/// very same point and the segments chain into polylines across faces.
enum DecisionBoundary {
    /// The polylines, and how many faces `z = 0` splits into two parts of positive area (those
    /// with corners of both signs): the faces plus these are the decision regions.
    static func trace(mesh: HalfEdgeMesh, vertexLogit: [Double]) -> (lines: [[Point]], splitFaces: Int) {
        var tracer = Tracer(mesh: mesh, vertexLogit: vertexLogit)
        for f in 0..<mesh.faceCount { tracer.addSegment(face: f) }
        return (tracer.joiner.polylines().map(\.points), tracer.splitFaces)
    }

    private struct Tracer {
        let mesh: HalfEdgeMesh
        let vertexLogit: [Double]
        /// Nodes: a vertex v is node v; the crossing on the edge of half-edges h, t is V + min(h, t).
        var joiner = PolylineJoiner<Int>()
        var positions: [Int: Point] = [:]
        var splitFaces = 0

        init(mesh: HalfEdgeMesh, vertexLogit: [Double]) {
            self.mesh = mesh
            self.vertexLogit = vertexLogit
        }

        func sign(_ v: Int32) -> Int {
            let z = vertexLogit[Int(v)]
            return z > 0 ? 1 : (z < 0 ? -1 : 0)
        }

        func side(of f: Int32) -> Int {
            guard f >= 0 else { return 0 }
            let start = mesh.faceEdge[Int(f)]
            var h = start
            repeat {
                let s = sign(mesh.origin[Int(h)])
                if s != 0 { return s }
                h = mesh.next[Int(h)]
            } while h != start
            return 0
        }

        mutating func addSegment(face f: Int) {
            let start = mesh.faceEdge[f]
            var h = start
            // Most faces have corners of one strict sign and no part of the boundary: one pass
            // over the corners, nothing allocated.
            var anyPositive = false
            var anyNegative = false
            var anyZero = false
            repeat {
                let s = sign(mesh.origin[Int(h)])
                if s > 0 { anyPositive = true } else if s < 0 { anyNegative = true } else { anyZero = true }
                h = mesh.next[Int(h)]
            } while h != start
            guard anyZero || (anyPositive && anyNegative) else { return }
            var cycle: [Int32] = []
            var signs: [Int] = []
            repeat {
                cycle.append(h)
                signs.append(sign(mesh.origin[Int(h)]))
                h = mesh.next[Int(h)]
            } while h != start
            let m = cycle.count
            guard signs.contains(1), signs.contains(-1) else {
                addZeroEdges(face: f, cycle: cycle, signs: signs)
                return
            }
            splitFaces += 1
            var i0 = 0  // start of the positive run
            while !(signs[i0] > 0 && signs[(i0 + m - 1) % m] <= 0) { i0 += 1 }
            var i = i0
            while signs[i % m] > 0 { i += 1 }
            let first = transition(cycle, before: (i + m - 1) % m, at: i % m, signs)
            while signs[i % m] >= 0 { i += 1 }  // to the negative run
            while signs[i % m] < 0 { i += 1 }
            let second = transition(cycle, before: (i + m - 1) % m, at: i % m, signs)
            connect(first, second)
        }

        /// The node where the sign leaves a run: the zero corner at `at`, or the crossing on the
        /// edge from `before` to `at`.
        mutating func transition(_ cycle: [Int32], before: Int, at: Int, _ signs: [Int]) -> Int {
            let v = mesh.origin[Int(cycle[at])]
            if signs[at] == 0 {
                positions[Int(v)] = Point(mesh.x[Int(v)], mesh.y[Int(v)])
                return Int(v)
            }
            let h = cycle[before]
            let t = mesh.twin[Int(h)]
            let lowest = min(h, t)
            let key = mesh.vertexCount + Int(lowest)
            if positions[key] == nil {
                let a = Int(mesh.origin[Int(lowest)])
                let b = Int(mesh.origin[Int(max(h, t))])
                let za = vertexLogit[a]
                let zb = vertexLogit[b]
                let s = za / (za - zb)
                positions[key] = Point(mesh.x[a] + s * (mesh.x[b] - mesh.x[a]), mesh.y[a] + s * (mesh.y[b] - mesh.y[a]))
            }
            return key
        }

        /// Where the logit is zero along a whole edge, that edge is boundary if the faces on its
        /// two sides have opposite signs.
        mutating func addZeroEdges(face f: Int, cycle: [Int32], signs: [Int]) {
            let mySide = side(of: Int32(f))
            guard mySide != 0 else { return }
            let m = cycle.count
            for i in 0..<m where signs[i] == 0 && signs[(i + 1) % m] == 0 {
                let other = mesh.face[Int(mesh.twin[Int(cycle[i])])]
                guard other > Int32(f), side(of: other) == -mySide else { continue }
                let u = mesh.origin[Int(cycle[i])]
                let v = mesh.origin[Int(cycle[(i + 1) % m])]
                positions[Int(u)] = Point(mesh.x[Int(u)], mesh.y[Int(u)])
                positions[Int(v)] = Point(mesh.x[Int(v)], mesh.y[Int(v)])
                connect(Int(u), Int(v))
            }
        }

        mutating func connect(_ p: Int, _ q: Int) {
            joiner.connect(p, positions[p]!, q, positions[q]!)
        }
    }
}
