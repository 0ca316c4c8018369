import NeuralNet
import Regions
import XCTest

/// Property tests of networks with K outputs: the K maps, the argmax cells, the boundary and
/// the decision-region count, against direct forward passes.
final class MultiOutputPropertyTests: XCTestCase {
    private let domains = [
        Domain.unitSquare,
        Domain(x0: 0.3, x1: 2.7, y0: -3.5, y1: -1.25),
    ]

    func testRandomNetworksWithKOutputs() throws {
        var rng = SeededGenerator(seed: 77)
        var cells = 0
        var pairs = Set<ClassPair>()
        for (trial, k) in [2, 3, 5, 12, 2, 3, 5, 12, 3, 12, 5, 2].enumerated() {
            let depth = 1 + Int(rng.next() % 3)
            let widths = (0..<depth).map { _ in 8 + Int(rng.next() % UInt64([56, 24, 14][depth - 1])) }
            let activation: Activation = trial % 2 == 0 ? .relu : .leakyReLU([0.02, 0.2][trial % 4 / 2])
            let domain = domains[trial % domains.count]
            let raw = try MLP.pytorchDefault(
                hiddenWidths: widths, outputs: k, activation: activation, seed: UInt64(100 + trial))
            let mlp = try DecisionChecks.centred(raw, domain: domain)
            let p = try Partition.compute(mlp, domain: domain)
            let label = "trial \(trial) K \(k) widths \(widths) \(activation) \(domain)"
            PartitionChecks.assertExact(p, mlp, label)
            DecisionChecks.assertExact(p, mlp, label)
            XCTAssertTrue(p.verify(against: mlp).isExact, label)
            XCTAssertFalse(p.boundary.isEmpty, "\(label): centred outputs meet inside the domain")
            cells += p.decisionRegions - p.faceCount
            pairs.formUnion(p.boundaryClasses)
        }
        XCTAssertGreaterThan(cells, 200, "the boundaries should split many faces")
        XCTAssertGreaterThan(pairs.count, 20, "many class pairs should meet")
    }

    func testOneOutputCountsFacesTheZeroLineSplits() throws {
        for (seed, activation) in [(1, Activation.relu), (2, .leakyReLU(0.1)), (3, .relu)] as [(UInt64, Activation)] {
            let raw = try MLP.pytorchDefault(hiddenWidths: [24, 24], activation: activation, seed: seed)
            let mlp = try DecisionChecks.centred(raw, domain: .unitSquare)
            let p = try Partition.compute(mlp, domain: .unitSquare)
            XCTAssertEqual(p.outputCount, 1)
            XCTAssertEqual(p.vertexOutputs, p.vertexLogit)
            XCTAssertEqual(p.outputMaps, p.logits)
            let split = (0..<p.faceCount).filter { f in
                let z = p.vertexIndices(f).map { p.vertexLogit[$0] }
                return z.contains { $0 > 0 } && z.contains { $0 < 0 }
            }
            XCTAssertGreaterThan(split.count, 5)
            XCTAssertEqual(p.decisionRegions, p.faceCount + split.count)
            XCTAssertEqual(PartitionStatistics(p).decisionRegions, p.decisionRegions)
            DecisionChecks.assertExact(p, mlp, "seed \(seed)")
        }
    }

    func testTwoThreadsMatchOneThreadWithKOutputs() throws {
        let raw = try MLP.pytorchDefault(hiddenWidths: [64, 64, 64, 64], outputs: 5, activation: .relu, seed: 31)
        let mlp = try DecisionChecks.centred(raw, domain: .unitSquare)
        let a = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: 1))
        let b = try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(threads: 2))
        XCTAssertGreaterThan(a.faceCount, 4096, "large enough for the finishing stage to use both threads")
        XCTAssertEqual(a.vertexOutputs, b.vertexOutputs)
        XCTAssertEqual(a.outputMaps, b.outputMaps)
        XCTAssertEqual(a.boundary, b.boundary)
        XCTAssertEqual(a.boundaryClasses, b.boundaryClasses)
        XCTAssertEqual(a.decisionRegions, b.decisionRegions)
        DecisionChecks.assertExact(b, mlp, "two threads")
    }

    /// Outputs that tie on whole regions: the lower class wins there, as argmax's first-on-ties,
    /// and a tie everywhere is no boundary at all.
    func testTiedOutputsGoToTheLowerClass() throws {
        let hidden = ([[1.0, 0.5], [-0.3, 1.0], [0.7, -0.8]], [0.1, -0.2, 0.05])
        let row = [0.6, -0.4, 0.9]
        // Outputs 0 and 1 identical, output 2 far below.
        let same = PartitionChecks.network([hidden, ([row, row, [0, 0, 0]], [0.2, 0.2, -50])])
        let p = try Partition.compute(same, domain: .unitSquare)
        XCTAssertEqual(p.decisionRegions, p.faceCount)
        XCTAssertTrue(p.boundary.isEmpty)
        for f in 0..<p.faceCount { XCTAssertEqual(p.decisionCells(face: f).map(\.winner), [0]) }
        // Output 1 = output 0 + ReLU(neuron 0): output 0 wins only where neuron 0 is off (a tie),
        // so the boundary runs along that neuron's own edges and splits no face.
        let bent = PartitionChecks.network([hidden, ([row, [1.6, -0.4, 0.9], [0, 0, 0]], [0.2, 0.2, -50])])
        let q = try Partition.compute(bent, domain: .unitSquare)
        XCTAssertEqual(q.decisionRegions, q.faceCount)
        for f in 0..<q.faceCount {
            let c = q.centroid(f)
            let expected = q.isActive(face: f, layer: 0, index: 0) ? 1 : 0
            XCTAssertEqual(q.decisionCells(face: f).map(\.winner), [expected])
            XCTAssertEqual(q.winner(face: f, at: c), expected)
        }
        XCTAssertFalse(q.boundary.isEmpty, "the boundary follows neuron 0's edges")
        XCTAssertEqual(Set(q.boundaryClasses), [ClassPair(0, 1)])
        for line in q.boundary {
            for v in line { XCTAssertEqual(bent.preActivations(v.x, v.y)[0][0], 0, accuracy: 1e-12) }
        }
        DecisionChecks.assertExact(q, bent, "bent")
    }

    /// z1 − z0 = x + y through the vertex where the lines x = 0 and y = 0 cross: it splits the two
    /// quadrants it passes through and only touches the other two, and its two halves join there.
    func testBoundaryThroughAVertex() throws {
        let hidden = ([[1.0, 0], [-1, 0], [0, 1], [0, -1]], [0.0, 0, 0, 0])
        let mlp = PartitionChecks.network([hidden, ([[0, 0, 0, 0], [1, -1, 1, -1], [0, 0, 0, 0]], [0, 0, -9])])
        let p = try Partition.compute(mlp, domain: .unitSquare)
        XCTAssertEqual(p.faceCount, 4)
        XCTAssertEqual(p.decisionRegions, 6)
        XCTAssertEqual(p.boundary.count, 1)
        XCTAssertEqual(p.boundaryClasses, [ClassPair(0, 1)])
        XCTAssertEqual(Set([p.boundary[0].first!, p.boundary[0].last!]), [Point(-1, 1), Point(1, -1)])
        XCTAssertTrue(p.boundary[0].contains(Point(0, 0)))
        let stats = PartitionStatistics(p)
        XCTAssertEqual(stats.decisionRegions, 6)
        XCTAssertEqual(stats.boundaryLengthByPair[ClassPair(0, 1)]!, 8.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(stats.boundaryLength, 8.0.squareRoot(), accuracy: 1e-12)
        DecisionChecks.assertExact(p, mlp, "through a vertex")
        // The same with one output z = x + y (regioncam counts 6 for both).
        let one = PartitionChecks.network([hidden, ([[1, -1, 1, -1]], [0])])
        let q = try Partition.compute(one, domain: .unitSquare)
        XCTAssertEqual(q.decisionRegions, 6)
        XCTAssertEqual(q.boundary.count, 1)
        DecisionChecks.assertExact(q, one, "one output through a vertex")
    }

    func testExportCarriesEveryOutputAndTheClassPairs() throws {
        let raw = try MLP.pytorchDefault(hiddenWidths: [8, 8], outputs: 3, activation: .relu, seed: 5)
        let mlp = try DecisionChecks.centred(raw, domain: .unitSquare)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-k-export-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try RegionsJSON.write(p, to: url)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        XCTAssertEqual(json["outputs"] as? Int, 3)
        XCTAssertEqual(json["decision_regions"] as? Int, p.decisionRegions)
        let faces = json["faces"] as! [[String: Any]]
        XCTAssertEqual(faces.count, p.faceCount)
        // Foundation's JSON reader may round the last digit: compare within a few ulps.
        for f in [0, p.faceCount - 1] {
            let outputs = faces[f]["outputs"] as! [[Double]]
            XCTAssertEqual(outputs.count, 3)
            for (row, map) in zip(outputs, p.maps(face: f)) {
                for (u, v) in zip(row, [map.a, map.b, map.c]) { XCTAssertEqual(u, v, accuracy: 1e-15 * max(1, abs(v))) }
            }
            XCTAssertEqual(faces[f]["logit"] as! [Double], outputs[0])
        }
        let classes = json["boundary_classes"] as! [[Int]]
        XCTAssertEqual(classes, p.boundaryClasses.map { [$0.a, $0.b] })
    }
}
