/// Joins segments that share end nodes into polylines: from free ends and junctions first, then
/// closed loops. Nodes are keys so that a point computed in two faces is one node.
struct PolylineJoiner<Key: Hashable & Comparable> {
    private var adjacency: [Key: [Key]] = [:]
    private var positions: [Key: Point] = [:]

    /// Adds the segment from `p` to `q` (the first position given for a key is kept).
    mutating func connect(_ p: Key, _ pp: Point, _ q: Key, _ qp: Point) {
        guard p != q else { return }
        if positions[p] == nil { positions[p] = pp }
        if positions[q] == nil { positions[q] = qp }
        adjacency[p, default: []].append(q)
        adjacency[q, default: []].append(p)
    }

    private struct Link: Hashable {
        let a: Key
        let b: Key
        init(_ p: Key, _ q: Key) {
            a = min(p, q)
            b = max(p, q)
        }
    }

    /// The polylines, each with the key of its first node, in an order fixed by the keys.
    func polylines() -> [(start: Key, points: [Point])] {
        var used = Set<Link>()
        var lines: [(start: Key, points: [Point])] = []
        func walk(from start: Key) {
            for first in adjacency[start] ?? [] where !used.contains(Link(start, first)) {
                var line = [positions[start]!]
                var cur = first
                used.insert(Link(start, first))
                while true {
                    line.append(positions[cur]!)
                    let neighbours = adjacency[cur] ?? []
                    guard neighbours.count == 2, let nxt = neighbours.first(where: { !used.contains(Link(cur, $0)) })
                    else { break }
                    used.insert(Link(cur, nxt))
                    cur = nxt
                }
                lines.append((start, line))
            }
        }
        let nodes = adjacency.keys.sorted()
        for n in nodes where adjacency[n]!.count != 2 { walk(from: n) }
        for n in nodes { walk(from: n) }
        return lines
    }
}
