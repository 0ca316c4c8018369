import NeuralNet

/// A many-input model seen on the plane through three rows of a points file: the rows, the
/// plane they span, and the exact two-input network on it (the plane folded into the first layer).
public struct PlaneChoice: Sendable {
    public let model: PlaneModel
    public let points: PointsFile
    public let pointsPath: String
    /// The points seen along their two directions of largest spread: the picker's overview.
    public let overview: PrincipalComponents
    /// The rows of `points` the plane passes through: A, B, C.
    public let anchors: [Int]
    public let slice: PlaneSlice
    /// The model restricted to the plane, in plane coordinates (s, t).
    public let folded: MLP

    /// Refuses, with one line each, rows out of range, points of another dimension than the
    /// model's inputs, and anchors that repeat a point or lie on one line.
    public init(
        model: PlaneModel, points: PointsFile, pointsPath: String, overview: PrincipalComponents, anchors: [Int]
    )
        throws
    {
        guard points.dimension == model.network.inputCount else {
            throw ModelError.invalidPlane(
                "the points have \(points.dimension) coordinates but the model takes \(model.network.inputCount) inputs"
            )
        }
        guard anchors.count == 3 else { throw ModelError.invalidPlane("a plane needs three anchors") }
        for r in anchors where !points.rows.indices.contains(r) {
            throw ModelError.invalidPlane("row \(r) is out of range: the file has \(points.rows.count) points")
        }
        if Set(anchors).count < 3 { throw ModelError.invalidPlane("the three anchors must be three different rows") }
        let slice = try PlaneSlice(through: points.rows[anchors[0]], points.rows[anchors[1]], points.rows[anchors[2]])
        self.model = model
        self.points = points
        self.pointsPath = pointsPath
        self.overview = overview
        self.anchors = anchors
        self.slice = slice
        self.folded = try model.network.restricted(to: slice)
    }

    /// "row 12 (7)" when the points have labels, else "row 12".
    public func name(ofRow r: Int) -> String {
        guard let labels = points.labels, labels.indices.contains(r) else { return "row \(r)" }
        return "row \(r) (\(labels[r]))"
    }

    /// "A: row 3 (0)", "B: …", "C: …".
    public var anchorNames: [String] { zip(["A", "B", "C"], anchors).map { "\($0): \(name(ofRow: $1))" } }

    /// Three rows to start from: with labels, the first rows of the first three labels; else the
    /// first three rows; either way moved on past rows that repeat a point or lie on one line.
    static func defaultAnchors(_ points: PointsFile) -> [Int] {
        var firsts: [Int] = []
        if let labels = points.labels {
            var seen = Set<String>()
            for (i, l) in labels.enumerated() where seen.insert(l).inserted {
                firsts.append(i)
                if firsts.count == 3 { break }
            }
        }
        let candidates = firsts + Array(points.rows.indices.prefix(64)).filter { !firsts.contains($0) }
        for a in candidates.indices {
            for b in candidates.indices where b > a {
                for c in candidates.indices where c > b {
                    let rows = [candidates[a], candidates[b], candidates[c]]
                    if (try? PlaneSlice(
                        through: points.rows[rows[0]], points.rows[rows[1]], points.rows[rows[2]])) != nil
                    {
                        return rows
                    }
                }
            }
        }
        return Array(points.rows.indices.prefix(3))
    }
}
