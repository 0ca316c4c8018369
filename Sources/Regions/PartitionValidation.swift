extension Partition {
    /// Checks the half-edge structure and the geometry of every face; returns what is wrong
    /// (empty when the mesh is sound). Meant for tests and `--check` style diagnostics.
    public func meshProblems(limit: Int = 20) -> [String] {
        var problems: [String] = []
        func report(_ s: String) { if problems.count < limit { problems.append(s) } }
        let he = heOrigin.count
        for h in 0..<he {
            let t = Int(heTwin[h])
            let n = Int(heNext[h])
            if t < 0 || t >= he || Int(heTwin[t]) != h {
                report("half-edge \(h): twin is not mutual")
                continue
            }
            if n < 0 || n >= he {
                report("half-edge \(h): next out of range")
                continue
            }
            if heOrigin[t] != heOrigin[n] { report("half-edge \(h): twin's origin is not next's origin") }
            if heFace[n] != heFace[h] { report("half-edge \(h): next lies on another face") }
            if heFace[h] == heFace[t] { report("half-edge \(h): both sides on face \(heFace[h])") }
            if heSource[h] != heSource[t] { report("half-edge \(h): twins disagree on their source") }
        }
        for f in 0..<faceCount {
            let idx = vertexIndices(f)
            if idx.count < 3 {
                report("face \(f) has \(idx.count) corners")
                continue
            }
            if areas[f] <= 0 { report("face \(f) has area \(areas[f])") }
            // Convex and counter-clockwise: every turn is a left turn (or straight, within rounding).
            var scale = 0.0
            for v in idx { scale = max(scale, abs(vertexX[v] - vertexX[idx[0]]), abs(vertexY[v] - vertexY[idx[0]])) }
            for i in 0..<idx.count {
                let a = idx[i]
                let b = idx[(i + 1) % idx.count]
                let c = idx[(i + 2) % idx.count]
                let cross =
                    (vertexX[b] - vertexX[a]) * (vertexY[c] - vertexY[b]) - (vertexY[b] - vertexY[a])
                    * (vertexX[c] - vertexX[b])
                if cross < -1e-9 * scale * scale {
                    report("face \(f) turns right at vertex \(b) (cross \(cross))")
                    break
                }
            }
        }
        if vertexCount - edgeCount + faceCount != 1 {
            report("Euler characteristic V - E + F = \(vertexCount - edgeCount + faceCount), expected 1")
        }
        return problems
    }
}
