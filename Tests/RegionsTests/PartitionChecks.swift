import NeuralNet
import Regions
import XCTest

/// The invariants every partition must satisfy, checked against direct forward passes.
enum PartitionChecks {
    static func assertExact(
        _ p: Partition, _ mlp: MLP, _ label: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let problems = p.meshProblems()
        XCTAssert(problems.isEmpty, "\(label): \(problems.joined(separator: "; "))", file: file, line: line)
        XCTAssertEqual(p.numericalConflicts, 0, "\(label): numerical conflicts", file: file, line: line)
        XCTAssertEqual(p.vertexCount - p.edgeCount + p.faceCount, 1, "\(label): Euler", file: file, line: line)
        XCTAssertEqual(p.facesPerLayer.last, p.faceCount, file: file, line: line)

        let total = PartitionStatistics(p).totalArea
        XCTAssertEqual(
            total, p.domain.area, accuracy: 1e-12 * p.domain.area, "\(label): areas do not tile the domain", file: file,
            line: line)

        // A logit scale for relative errors: the largest |logit| on the mesh.
        let scale = max(p.vertexLogit.map(abs).max() ?? 1, 1e-300)
        var patterns = Set<[[UInt8]]>()
        var worstMap = 0.0
        var patternMismatches: [String] = []
        for f in 0..<p.faceCount {
            let map = p.logits[f]
            let c = p.centroid(f)
            XCTAssertGreaterThan(p.areas[f], 0, "\(label): face \(f) has no area", file: file, line: line)
            worstMap = max(worstMap, abs(map(c.x, c.y) - mlp.logit(c.x, c.y)) / scale)
            for v in p.vertexIndices(f) {
                let x = p.vertexX[v]
                let y = p.vertexY[v]
                worstMap = max(worstMap, abs(map(x, y) - mlp.logit(x, y)) / scale)
            }
            let pattern = p.pattern(f)
            if pattern != mlp.pattern(c.x, c.y), patternMismatches.count < 5 {
                patternMismatches.append("face \(f) at (\(c.x), \(c.y)) area \(p.areas[f])")
            }
            patterns.insert(pattern)
        }
        XCTAssertLessThan(
            worstMap, 1e-9, "\(label): a face map disagrees with the forward pass", file: file, line: line)
        XCTAssert(
            patternMismatches.isEmpty, "\(label): pattern differs from the forward pass at \(patternMismatches)",
            file: file, line: line)
        XCTAssertEqual(patterns.count, p.faceCount, "\(label): two faces share a pattern", file: file, line: line)
        DecisionChecks.assertExact(p, mlp, label, file: file, line: line)
    }

    /// A network from explicit layers (weights row-major [out][in]).
    static func network(_ layers: [([[Double]], [Double])], activation: Activation = .relu) -> MLP {
        let dense = layers.map { w, b in
            DenseLayer(inputs: w[0].count, outputs: w.count, weight: w.flatMap { $0 }, bias: b)
        }
        return try! MLP(layers: dense, activation: activation)
    }

    /// A first layer of the given lines `a x + b y + c = 0` followed by a summing output.
    static func lines(_ rows: [(Double, Double, Double)], activation: Activation = .relu) -> MLP {
        network(
            [
                (rows.map { [$0.0, $0.1] }, rows.map { $0.2 }),
                ([rows.indices.map { Double($0 % 3) - 0.7 }], [0.1]),
            ], activation: activation)
    }
}
