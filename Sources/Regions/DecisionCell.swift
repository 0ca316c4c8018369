/// The part of one region where one class wins: a convex polygon, counter-clockwise. With one
/// output, class 0 is where the logit is ≤ 0 and class 1 where it is > 0.
public struct DecisionCell: Sendable, Equatable {
    public let winner: Int
    public let polygon: [Point]

    public init(winner: Int, polygon: [Point]) {
        self.winner = winner
        self.polygon = polygon
    }

    /// Shoelace area (positive: the polygon is counter-clockwise).
    public var area: Double {
        guard polygon.count >= 3 else { return 0 }
        let o = polygon[0]
        var a2 = 0.0
        for i in 1..<(polygon.count - 1) {
            a2 += (polygon[i].x - o.x) * (polygon[i + 1].y - o.y) - (polygon[i + 1].x - o.x) * (polygon[i].y - o.y)
        }
        return a2 / 2
    }

    /// The area-weighted centroid (the first corner for a degenerate polygon).
    public var centroid: Point {
        guard let o = polygon.first else { return Point(0, 0) }
        var a2 = 0.0
        var cx = 0.0
        var cy = 0.0
        for i in 1..<max(1, polygon.count - 1) {
            let x1 = polygon[i].x - o.x
            let y1 = polygon[i].y - o.y
            let x2 = polygon[i + 1].x - o.x
            let y2 = polygon[i + 1].y - o.y
            let cross = x1 * y2 - x2 * y1
            a2 += cross
            cx += cross * (x1 + x2)
            cy += cross * (y1 + y2)
        }
        guard a2 != 0 else { return o }
        return Point(o.x + cx / (3 * a2), o.y + cy / (3 * a2))
    }
}
