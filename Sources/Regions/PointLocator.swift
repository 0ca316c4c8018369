import NeuralNet

/// Finds the face under a point through a uniform grid of face lists: a handful of
/// point-in-convex-polygon tests per query, independent of the face count.
struct PointLocator: Sendable {
    let domain: Domain
    let columns: Int
    let rows: Int
    let cellStart: [Int32]
    let cellFaces: [Int32]

    init(mesh: HalfEdgeMesh, domain: Domain) {
        self.domain = domain
        let faces = mesh.faceCount
        // About one face per cell, in the domain's aspect ratio.
        let aspect = domain.width / domain.height
        let cells = max(1, faces)
        let c = max(1, min(4096, Int((Double(cells) * aspect).squareRoot().rounded(.up))))
        let r = max(1, min(4096, Int((Double(cells) / aspect).squareRoot().rounded(.up))))
        columns = c
        rows = r
        var boxes: [(Int, Int, Int, Int)] = []
        boxes.reserveCapacity(faces)
        var counts = [Int32](repeating: 0, count: c * r + 1)
        for f in 0..<faces {
            var minX = Double.infinity
            var maxX = -Double.infinity
            var minY = Double.infinity
            var maxY = -Double.infinity
            let start = mesh.faceEdge[f]
            var h = start
            repeat {
                let v = Int(mesh.origin[Int(h)])
                minX = min(minX, mesh.x[v])
                maxX = max(maxX, mesh.x[v])
                minY = min(minY, mesh.y[v])
                maxY = max(maxY, mesh.y[v])
                h = mesh.next[Int(h)]
            } while h != start
            let box = (
                Self.cell(minX, domain.x0, domain.width, c), Self.cell(maxX, domain.x0, domain.width, c),
                Self.cell(minY, domain.y0, domain.height, r), Self.cell(maxY, domain.y0, domain.height, r)
            )
            boxes.append(box)
            for cy in box.2...box.3 { for cx in box.0...box.1 { counts[cy * c + cx + 1] += 1 } }
        }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var fill = counts
        var list = [Int32](repeating: 0, count: Int(counts[c * r]))
        for (f, box) in boxes.enumerated() {
            for cy in box.2...box.3 {
                for cx in box.0...box.1 {
                    let cell = cy * c + cx
                    list[Int(fill[cell])] = Int32(f)
                    fill[cell] += 1
                }
            }
        }
        cellStart = counts
        cellFaces = list
    }

    @inline(__always)
    static func cell(_ v: Double, _ origin: Double, _ extent: Double, _ n: Int) -> Int {
        let i = Int(((v - origin) / extent * Double(n)).rounded(.down))
        return min(max(i, 0), n - 1)
    }

    func locate(_ p: Point, in partition: Partition) -> Int? {
        guard p.x >= domain.x0, p.x <= domain.x1, p.y >= domain.y0, p.y <= domain.y1 else { return nil }
        let cell =
            Self.cell(p.y, domain.y0, domain.height, rows) * columns + Self.cell(p.x, domain.x0, domain.width, columns)
        // The face that holds the point most deeply: robust for points on shared edges.
        var best = -1
        var bestDepth = -Double.infinity
        for i in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
            let f = Int(cellFaces[i])
            let depth = partition.insideDepth(face: f, p)
            if depth > bestDepth {
                bestDepth = depth
                best = f
            }
            if depth > 0 { break }
        }
        return best >= 0 ? best : nil
    }
}

extension Partition {
    /// The smallest signed distance from `p` to the face's edge lines: > 0 strictly inside,
    /// 0 on the boundary, < 0 outside.
    public func insideDepth(face f: Int, _ p: Point) -> Double {
        var depth = Double.infinity
        let start = faceEdge[f]
        var h = start
        repeat {
            let n = heNext[Int(h)]
            let a = Int(heOrigin[Int(h)])
            let b = Int(heOrigin[Int(n)])
            let ex = vertexX[b] - vertexX[a]
            let ey = vertexY[b] - vertexY[a]
            let len = (ex * ex + ey * ey).squareRoot()
            if len > 0 {
                let d = (ex * (p.y - vertexY[a]) - ey * (p.x - vertexX[a])) / len
                depth = min(depth, d)
            }
            h = n
        } while h != start
        return depth
    }
}
