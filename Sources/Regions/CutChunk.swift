/// The cuts of a range of faces in local numbering (`ChunkCutter`'s output), until they are
/// written into the mesh in face order (`emit`), which numbers their new faces, vertices and
/// half-edges exactly as cutting the faces one after another in the shared mesh would: the
/// result does not depend on how the faces were split into ranges.
///
/// Per face, local half-edges `0..<c` are the face's own boundary (`boundaryEdge`, whose `next`
/// and `face` the cut changes) and vertices `0..<c` its corners (`boundaryVertex`); higher local
/// numbers are new. Local face 0 is the face itself, the others its new pieces.
struct CutChunk {
    private(set) var faces: [Int32] = []
    private var corners: [Int32] = []
    private var halfEdges: [Int32] = []
    private var pieces: [Int32] = []
    private var vertices: [Int32] = []
    private var boundaryEdge: [Int32] = []
    private var boundaryVertex: [Int32] = []
    /// For every local half-edge.
    private var next: [Int32] = []
    private var face: [Int32] = []
    /// For the new local half-edges only.
    private var origin: [Int32] = []
    private var twin: [Int32] = []
    private var source: [Int32] = []
    /// For every local face.
    private var faceEdge: [Int32] = []
    private var bits: [UInt64] = []
    /// For the new vertices (one origin record each, with local ends).
    private var x: [Double] = []
    private var y: [Double] = []
    var origins = VertexOrigins(firstVertex: 0)

    private(set) var newFaces = 0
    private(set) var newHalfEdges = 0

    var newVertices: Int { x.count }

    /// Bytes the cut adds to the mesh and the origins (what `LayerCutter.footprint` counts).
    func bytes(wordsPerFace: Int) -> Int {
        newHalfEdges * 20 + x.count * 16 + newFaces * (4 + 8 * wordsPerFace) + origins.bytes
    }

    mutating func boundary(halfEdge h: Int32, vertex v: Int32) {
        boundaryEdge.append(h)
        boundaryVertex.append(v)
    }

    /// Records the local mesh of face `f` once cut (its boundary was recorded by `boundary`).
    mutating func append(
        face f: Int, corners c: Int, origin lOrigin: [Int32], next lNext: [Int32], twin lTwin: [Int32],
        face lFace: [Int32], source lSource: [Int32], faceEdge lFaceEdge: [Int32], bits lBits: [UInt64],
        wordsPerFace: Int, x lx: [Double], y ly: [Double]
    ) {
        faces.append(Int32(f))
        corners.append(Int32(c))
        halfEdges.append(Int32(lNext.count))
        pieces.append(Int32(lFaceEdge.count))
        vertices.append(Int32(lx.count - c))
        next.append(contentsOf: lNext)
        face.append(contentsOf: lFace)
        origin.append(contentsOf: lOrigin[c...])
        twin.append(contentsOf: lTwin[c...])
        source.append(contentsOf: lSource[c...])
        faceEdge.append(contentsOf: lFaceEdge)
        bits.append(contentsOf: lBits)
        x.append(contentsOf: lx[c...])
        y.append(contentsOf: ly[c...])
        newFaces += lFaceEdge.count - 1
        newHalfEdges += lNext.count - c
    }

    /// Writes the cuts into `mesh`, `bits` and `origins` (new items appended in face order).
    func emit(into mesh: inout HalfEdgeMesh, bits allBits: inout [UInt64], origins allOrigins: inout VertexOrigins) {
        let words = faces.isEmpty ? 0 : bits.count / faceEdge.count
        var b = 0  // boundary items
        var l = 0  // local half-edges
        var nh = 0  // new half-edges
        var p = 0  // local faces
        var nv = 0  // new vertices
        for r in faces.indices {
            let f = Int(faces[r])
            let c = Int(corners[r])
            let hc = Int(halfEdges[r])
            let pc = Int(pieces[r])
            let vc = Int(vertices[r])
            let hBase = mesh.halfEdgeCount - c
            let vBase = mesh.vertexCount - c
            let fBase = mesh.faceCount - 1
            @inline(__always) func he(_ i: Int32) -> Int32 {
                Int(i) < c ? boundaryEdge[b + Int(i)] : Int32(hBase + Int(i))
            }
            @inline(__always) func vertex(_ i: Int32) -> Int32 {
                Int(i) < c ? boundaryVertex[b + Int(i)] : Int32(vBase + Int(i))
            }
            @inline(__always) func piece(_ j: Int32) -> Int32 { j == 0 ? Int32(f) : Int32(fBase + Int(j)) }
            for i in 0..<c {
                let h = Int(boundaryEdge[b + i])
                mesh.next[h] = he(next[l + i])
                mesh.face[h] = piece(face[l + i])
            }
            for i in c..<hc {
                mesh.origin.append(vertex(origin[nh + i - c]))
                mesh.next.append(he(next[l + i]))
                mesh.twin.append(he(twin[nh + i - c]))
                mesh.face.append(piece(face[l + i]))
                mesh.source.append(source[nh + i - c])
            }
            mesh.faceEdge[f] = he(faceEdge[p])
            for j in 1..<pc { mesh.faceEdge.append(he(faceEdge[p + j])) }
            for w in 0..<words { allBits[f * words + w] = bits[p * words + w] }
            allBits.append(contentsOf: bits[((p + 1) * words)..<((p + pc) * words)])
            for i in 0..<vc {
                mesh.x.append(x[nv + i])
                mesh.y.append(y[nv + i])
                allOrigins.append(
                    record: nv + i, of: origins, u: Int(vertex(origins.u[nv + i])), v: Int(vertex(origins.v[nv + i])))
            }
            b += c
            l += hc
            nh += hc - c
            p += pc
            nv += vc
        }
    }
}
