import NeuralNet
import Regions
import XCTest

/// The invariants of the K output maps, the decision cells and the decision boundary, checked
/// against direct forward passes.
enum DecisionChecks {
    static func assertExact(
        _ p: Partition, _ mlp: MLP, _ label: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let k = mlp.outputCount
        XCTAssertEqual(p.outputCount, k, file: file, line: line)
        XCTAssertEqual(p.vertexOutputs.count, p.vertexCount * k, file: file, line: line)
        XCTAssertEqual(p.outputMaps.count, p.faceCount * k, file: file, line: line)
        XCTAssertEqual(p.boundaryClasses.count, p.boundary.count, file: file, line: line)
        // An output scale for relative errors: the largest |output| on the mesh.
        let scale = max(p.vertexOutputs.map(abs).max() ?? 1, 1e-300)
        let tolerance = 1e-9 * scale
        // Forward-pass scores: one output is the classes (z ≤ 0, z > 0), scored (0, z).
        func scores(_ q: Point) -> [Double] {
            let z = mlp.outputs(q.x, q.y)
            return k == 1 ? [0, z[0]] : z
        }

        var worstVertex = 0.0
        for v in 0..<p.vertexCount {
            let z = mlp.outputs(p.vertexX[v], p.vertexY[v])
            for o in 0..<k { worstVertex = max(worstVertex, abs(p.vertexOutputs[v * k + o] - z[o])) }
        }
        XCTAssertLessThan(
            worstVertex / scale, 1e-9, "\(label): a vertex output differs from the forward pass", file: file,
            line: line)

        let allCells = p.decisionCells(faces: 0..<p.faceCount)
        var worstMap = 0.0
        var cellCount = 0
        var tiling: [String] = []
        var winners: [String] = []
        for f in 0..<p.faceCount {
            let maps = p.maps(face: f)
            XCTAssertEqual(maps.count, k, file: file, line: line)
            XCTAssertEqual(maps.first, p.logits[f], file: file, line: line)
            var points = [p.centroid(f)]
            for v in p.vertexIndices(f) { points.append(Point(p.vertexX[v], p.vertexY[v])) }
            for q in points {
                let z = mlp.outputs(q.x, q.y)
                for (o, map) in maps.enumerated() { worstMap = max(worstMap, abs(map(q.x, q.y) - z[o])) }
            }
            let cells = p.decisionCells(face: f)
            XCTAssertEqual(allCells[f], cells, "\(label): face \(f) split in bulk", file: file, line: line)
            cellCount += cells.count
            let area = cells.reduce(0) { $0 + $1.area }
            if abs(area - p.areas[f]) > 1e-9 * p.areas[f], tiling.count < 5 {
                tiling.append("face \(f): cells \(area), face \(p.areas[f])")
            }
            XCTAssertFalse(cells.isEmpty, "\(label): face \(f) has no cell", file: file, line: line)
            XCTAssertEqual(
                Set(cells.map(\.winner)).count, cells.count, "\(label): face \(f) has two cells of one class",
                file: file, line: line)
            for cell in cells {
                XCTAssertGreaterThan(cell.area, 0, "\(label): face \(f) has an empty cell", file: file, line: line)
                let c = cell.centroid
                let s = scores(c)
                let top = s.max()!
                if top - s[cell.winner] > tolerance, winners.count < 5 {
                    winners.append("face \(f) cell of class \(cell.winner) at \(c): scores \(s)")
                }
                // Away from ties the face's maps name the same winner as the forward pass.
                let direct = k == 1 ? (s[1] > 0 ? 1 : 0) : mlp.winner(c.x, c.y)
                if s.filter({ $0 >= top - tolerance }).count == 1 {
                    XCTAssertEqual(p.winner(face: f, at: c), direct, "\(label): face \(f)", file: file, line: line)
                    XCTAssertEqual(cell.winner, direct, "\(label): face \(f)", file: file, line: line)
                }
            }
        }
        XCTAssertLessThan(
            worstMap / scale, 1e-9, "\(label): an output map differs from the forward pass", file: file, line: line)
        XCTAssert(tiling.isEmpty, "\(label): decision cells do not tile their faces: \(tiling)", file: file, line: line)
        XCTAssert(
            winners.isEmpty, "\(label): a cell's class does not win at its centroid: \(winners)", file: file, line: line
        )
        XCTAssertEqual(
            cellCount, p.decisionRegions, "\(label): decisionRegions is not the cell count", file: file, line: line)
        XCTAssertGreaterThanOrEqual(p.decisionRegions, p.faceCount, file: file, line: line)

        // Along every boundary segment the two classes of its pair tie at the top.
        var offTie: [String] = []
        var ends: [ClassPair: [Point: Int]] = [:]
        for (polyline, pair) in zip(p.boundary, p.boundaryClasses) {
            XCTAssertLessThan(pair.a, pair.b, file: file, line: line)
            XCTAssertGreaterThanOrEqual(polyline.count, 2, file: file, line: line)
            if k == 1 { XCTAssertEqual(pair, ClassPair(0, 1), file: file, line: line) }
            for (a, b) in zip(polyline, polyline.dropFirst()) {
                for t in [0, 0.25, 0.5, 0.75, 1] {
                    let q = Point(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
                    let s = scores(q)
                    let top = s.max()!
                    let gap = max(top - s[pair.a], top - s[pair.b])
                    if gap > tolerance, offTie.count < 5 { offTie.append("\(pair) at \(q): scores \(s)") }
                }
            }
            if polyline.first != polyline.last {
                ends[pair, default: [:]][polyline.first!, default: 0] += 1
                ends[pair, default: [:]][polyline.last!, default: 0] += 1
            }
        }
        XCTAssert(offTie.isEmpty, "\(label): boundary off the top tie: \(offTie)", file: file, line: line)
        // Joined across faces: two polylines of one pair never end at the same point.
        let unjoined = ends.values.reduce(0) { $0 + $1.values.filter { $0 == 2 }.count }
        XCTAssertEqual(unjoined, 0, "\(label): boundary polylines left unjoined", file: file, line: line)
    }

    /// `mlp` with each output's bias moved so its median over the partition's vertices is 0: every
    /// class then wins somewhere near the middle of the domain, and boundaries meet.
    static func centred(_ mlp: MLP, domain: Domain) throws -> MLP {
        let p = try Partition.compute(mlp, domain: domain)
        let k = mlp.outputCount
        var out = mlp
        for o in 0..<k {
            let values = stride(from: o, to: p.vertexOutputs.count, by: k).map { p.vertexOutputs[$0] }.sorted()
            out.layers[out.layers.count - 1].bias[o] -= values[values.count / 2]
        }
        return out
    }
}
