/// The argmax decision boundary of a K-output network (K ≥ 2) and the count of its decision
/// regions, from every face's argmax cells (`ArgmaxCells`).
///
/// Within a face the boundary is the cell edges that lie on lines `z_i = z_j`; each is taken
/// from the cell of the lower class only, so it is emitted once. Its ends are mesh vertices,
/// crossings on mesh edges (the same key and point from both faces) or junctions inside the
/// face, where three classes meet. Segments join into polylines only with segments of the same
/// class pair, so every polyline separates one pair and ends where the pair changes.
///
/// Where two classes tie along a whole mesh edge (their outputs differ only by neurons that are
/// off on one side), the boundary is that edge if the faces on its two sides have different
/// winners there; it splits no face.
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

    /// A piece of mesh edge, by its two ends' places (smaller first).
    private struct Span: Hashable {
        let a: Int64
        let b: Int64
    }

    init(cells: inout ArgmaxCells, faceCount: Int, cancel: CancellationToken?) throws {
        var joiner = PolylineJoiner<Node>()
        var count = 0
        let m = cells.classes
        // Tied mesh-edge pieces seen from one side: the winner there.
        var tiedSpans: [Span: Int] = [:]
        for f in 0..<faceCount {
            if f & 4095 == 0, let cancel, cancel.isCancelled { throw PartitionError.cancelled }
            cells.split(face: f)
            count += cells.cellCount
            if cells.clear { continue }
            for c in 0..<cells.cellCount {
                let i = cells.winners[c]
                let range = cells.cellRange(c)
                for k in range {
                    let k2 = k + 1 == range.upperBound ? range.lowerBound : k + 1
                    let tag = cells.ctag[k]
                    var pair: Int32
                    if tag < 0 {
                        let j = Int(-1 - tag)
                        guard j > i else { continue }
                        pair = Int32(i * m + j)
                    } else {
                        guard
                            (0..<m).contains(where: {
                                $0 != i && cells.tie(corner: k, i, $0) && cells.tie(corner: k2, i, $0)
                            })
                        else { continue }
                        let span = Span(
                            a: min(cells.cplace[k], cells.cplace[k2]), b: max(cells.cplace[k], cells.cplace[k2]))
                        guard let other = tiedSpans.removeValue(forKey: span) else {
                            tiedSpans[span] = i
                            continue
                        }
                        guard other != i else { continue }
                        pair = Int32(min(i, other) * m + max(i, other))
                    }
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
