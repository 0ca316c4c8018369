/// A planar half-edge mesh of convex faces, built by cutting faces with lines.
///
/// Every undirected edge is two half-edges (`h` and `twin[h]`); `next` walks a face's boundary
/// counter-clockwise; the outside of the domain is face `-1`. Indices are `Int32`: a mesh with
/// two billion half-edges is far beyond the face limit.
struct HalfEdgeMesh {
    var x: [Double] = []
    var y: [Double] = []

    var origin: [Int32] = []
    var next: [Int32] = []
    var twin: [Int32] = []
    var face: [Int32] = []
    /// Where the edge came from: `-1` the domain border, else the global hidden-neuron index.
    var source: [Int32] = []

    /// One half-edge of each face.
    var faceEdge: [Int32] = []

    static let border: Int32 = -1
    static let outside: Int32 = -1

    var vertexCount: Int { x.count }
    var halfEdgeCount: Int { origin.count }
    var faceCount: Int { faceEdge.count }

    /// A rectangle as one face, counter-clockwise from the lower-left corner.
    init(rectangle x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) {
        x = [x0, x1, x1, x0]
        y = [y0, y0, y1, y1]
        // Inner half-edges 0...3 (i → i+1), outer 4...7 (i+1 → i).
        origin = [0, 1, 2, 3, 1, 2, 3, 0]
        next = [1, 2, 3, 0, 7, 4, 5, 6]
        twin = [4, 5, 6, 7, 0, 1, 2, 3]
        face = [0, 0, 0, 0, -1, -1, -1, -1]
        source = [Int32](repeating: HalfEdgeMesh.border, count: 8)
        faceEdge = [0]
    }

    mutating func reserve(vertices: Int, faces: Int) {
        x.reserveCapacity(vertices)
        y.reserveCapacity(vertices)
        let he = 2 * (vertices + faces) + 16
        origin.reserveCapacity(he)
        next.reserveCapacity(he)
        twin.reserveCapacity(he)
        face.reserveCapacity(he)
        source.reserveCapacity(he)
        faceEdge.reserveCapacity(faces)
    }

    /// Splits the edge of half-edge `h` at the new vertex `w` (already appended to x, y).
    /// `h` keeps its origin and now ends at `w`; the returned half-edge runs from `w` to `h`'s old end.
    @discardableResult
    mutating func splitEdge(_ h: Int32, at w: Int32) -> Int32 {
        let t = twin[Int(h)]
        let h2 = Int32(origin.count)
        let t2 = h2 + 1
        let label = source[Int(h)]
        // h2: w → old end of h, following h in h's face.
        origin.append(w)
        next.append(next[Int(h)])
        twin.append(t)
        face.append(face[Int(h)])
        source.append(label)
        // t2: w → origin of h, following t in t's face.
        origin.append(w)
        next.append(next[Int(t)])
        twin.append(h)
        face.append(face[Int(t)])
        source.append(label)
        next[Int(h)] = h2
        next[Int(t)] = t2
        twin[Int(h)] = t2
        twin[Int(t)] = h2
        return h2
    }

    /// Joins the origins of `hA` and `hB` (both on face `f`'s boundary) by a new edge.
    /// `prevA`/`prevB` are the half-edges entering those origins. The part of the boundary from
    /// `hB` round to `prevA` stays face `f`; the part from `hA` round to `prevB` becomes `newFace`.
    mutating func splitFace(_ f: Int32, prevA: Int32, hA: Int32, prevB: Int32, hB: Int32, newFace: Int32, label: Int32)
    {
        let a = origin[Int(hA)]
        let b = origin[Int(hB)]
        let d = Int32(origin.count)  // a → b, in f
        let e = d + 1  // b → a, in newFace
        origin.append(a)
        next.append(hB)
        twin.append(e)
        face.append(f)
        source.append(label)
        origin.append(b)
        next.append(hA)
        twin.append(d)
        face.append(newFace)
        source.append(label)
        next[Int(prevA)] = d
        next[Int(prevB)] = e
        faceEdge[Int(f)] = d
        if Int(newFace) == faceEdge.count { faceEdge.append(e) } else { faceEdge[Int(newFace)] = e }
        var h = e
        repeat {
            face[Int(h)] = newFace
            h = next[Int(h)]
        } while h != e
    }
}
