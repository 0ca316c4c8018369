/// The argmax decision boundary of a K-output network (K ≥ 2) and the count of its decision
/// regions, from every face's argmax cells (`ArgmaxCells`).
///
/// Within a face the boundary is the cell edges that lie on lines `z_i = z_j`; each is taken
/// from the cell of the lower class only, so it is emitted once. Its ends are mesh vertices,
/// crossings on mesh edges (the same key and point from both faces) or junctions inside the
/// face, where three classes meet. Segments join into polylines only with segments of the same
/// class pair, so every polyline separates one pair and ends where the pair changes.
struct ArgmaxBoundary {
    let lines: [[Point]]
    let classes: [ClassPair]
    /// Cells of positive area over all faces (the faces further split by the boundary).
    let decisionRegions: Int

    private struct Node: Hashable, Comparable {
        let place: Int64
        let pair: Int32
        static func < (l: Node, r: Node) -> Bool { l.place != r.place ? l.place < r.place : l.pair < r.pair }
    }

    init(cells: inout ArgmaxCells, faceCount: Int, cancel: CancellationToken?) throws {
        var joiner = PolylineJoiner<Node>()
        var count = 0
        let m = cells.classes
        for f in 0..<faceCount {
            if f & 4095 == 0, let cancel, cancel.isCancelled { throw PartitionError.cancelled }
            cells.split(face: f)
            count += cells.cellCount
            guard cells.cellCount > 1 else { continue }
            for c in 0..<cells.cellCount {
                let i = cells.winners[c]
                let range = cells.cellRange(c)
                for k in range where cells.ctag[k] < 0 {
                    let j = Int(-1 - cells.ctag[k])
                    guard j > i else { continue }
                    let k2 = k + 1 == range.upperBound ? range.lowerBound : k + 1
                    let pair = Int32(i * m + j)
                    joiner.connect(
                        Node(place: cells.cplace[k], pair: pair), Point(cells.cx[k], cells.cy[k]),
                        Node(place: cells.cplace[k2], pair: pair), Point(cells.cx[k2], cells.cy[k2]))
                }
            }
        }
        let joined = joiner.polylines()
        lines = joined.map(\.points)
        classes = joined.map { ClassPair(Int($0.start.pair) / m, Int($0.start.pair) % m) }
        decisionRegions = count
    }
}
