import Regions

/// The edges around each face of a partition, for finding the edge nearest a point: locate the
/// face, then measure only its few edges — constant work per pointer motion at any face count.
public struct FaceEdgeIndex: Sendable {
    let start: [Int32]
    let list: [Int32]

    public init(_ p: Partition) {
        let edges = p.edges
        var counts = [Int32](repeating: 0, count: p.faceCount + 1)
        var sides: [(Int, Int)] = []
        sides.reserveCapacity(edges.count)
        for e in edges {
            let (a, b) = p.edgeFaces(e)
            sides.append((a, b))
            if a >= 0 { counts[a + 1] += 1 }
            if b >= 0 { counts[b + 1] += 1 }
        }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var fill = counts
        var list = [Int32](repeating: 0, count: Int(counts[p.faceCount]))
        for (k, e) in edges.enumerated() {
            for f in [sides[k].0, sides[k].1] where f >= 0 {
                list[Int(fill[f])] = Int32(e)
                fill[f] += 1
            }
        }
        start = counts
        self.list = list
    }

    /// The edges (as `Partition.edges` numbers them) on the boundary of `face`.
    public func edges(of face: Int) -> ArraySlice<Int32> { list[Int(start[face])..<Int(start[face + 1])] }

    /// The edge nearest `q` within `tolerance`, among the edges of the face holding `q`.
    public func nearestEdge(in p: Partition, at q: Point, tolerance: Double) -> Int? {
        guard let f = p.face(at: q), f + 1 < start.count else { return nil }
        var best: Int?
        var bestDistance = tolerance
        for e in edges(of: f) {
            let (a, b) = p.edgeEndpoints(Int(e))
            let d = Self.distance(
                q, Point(p.vertexX[a], p.vertexY[a]), Point(p.vertexX[b], p.vertexY[b]))
            if d <= bestDistance {
                bestDistance = d
                best = Int(e)
            }
        }
        return best
    }

    /// Distance from `q` to the segment a–b.
    static func distance(_ q: Point, _ a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        let t = len2 > 0 ? min(1, max(0, ((q.x - a.x) * dx + (q.y - a.y) * dy) / len2)) : 0
        let ex = q.x - (a.x + t * dx)
        let ey = q.y - (a.y + t * dy)
        return (ex * ex + ey * ey).squareRoot()
    }
}
