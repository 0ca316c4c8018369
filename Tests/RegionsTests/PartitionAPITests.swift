import Foundation
import NeuralNet
import Regions
import XCTest

final class PartitionAPITests: XCTestCase {
    func testPointLocationFindsTheFaceOfTheForwardPattern() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [32, 32], activation: .relu, seed: 9)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<2000 {
            let x = rng.symmetric(1)
            let y = rng.symmetric(1)
            guard let f = p.face(at: Point(x, y)) else { return XCTFail("no face at (\(x), \(y))") }
            XCTAssertEqual(p.logits[f](x, y), mlp.logit(x, y), accuracy: 1e-9)
        }
        XCTAssertNil(p.face(at: Point(1.5, 0)))
        // Corners and border points belong to some face.
        XCTAssertNotNil(p.face(at: Point(-1, -1)))
        XCTAssertNotNil(p.face(at: Point(1, 0.3)))
    }

    func testEdgeSourcesNameTheirNeurons() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [6, 5], activation: .relu, seed: 4)
        let p = try Partition.compute(mlp, domain: .unitSquare)
        var borderLength = 0.0
        for e in p.edges {
            let (a, b) = p.edgeEndpoints(e)
            let mx = (p.vertexX[a] + p.vertexX[b]) / 2
            let my = (p.vertexY[a] + p.vertexY[b]) / 2
            switch p.edgeSource(e) {
            case .border:
                borderLength += hypot(p.vertexX[b] - p.vertexX[a], p.vertexY[b] - p.vertexY[a])
                let (a, b) = p.edgeFaces(e)
                XCTAssert((a == -1) != (b == -1), "a border edge has the outside on exactly one side")
            case .neuron(let layer, let index):
                // The neuron's pre-activation vanishes along its own edge.
                let z = mlp.preActivations(mx, my)[layer][index]
                XCTAssertEqual(z, 0, accuracy: 1e-9, "edge \(e) of neuron (\(layer), \(index))")
            }
        }
        XCTAssertEqual(borderLength, 8, accuracy: 1e-12)
    }

    func testDecisionBoundaryIsJoinedAndOnZero() throws {
        var mlp = try MLP.pytorchDefault(hiddenWidths: [16, 16], activation: .leakyReLU(0.02), seed: 21)
        // Shift the output so that the logit's median over the mesh is zero: a boundary must exist.
        let logits = try Partition.compute(mlp, domain: .unitSquare).vertexLogit.sorted()
        mlp.layers[2].bias[0] -= logits[logits.count / 2]
        let p = try Partition.compute(mlp, domain: .unitSquare)
        XCTAssertFalse(p.boundary.isEmpty, "this network has a decision boundary in the square")
        var segments = 0
        for line in p.boundary {
            XCTAssertGreaterThanOrEqual(line.count, 2)
            for q in line { XCTAssertEqual(mlp.logit(q.x, q.y), 0, accuracy: 1e-9) }
            segments += line.count - 1
        }
        // Joined across faces: far fewer polylines than segments.
        XCTAssertLessThan(p.boundary.count * 4, segments)
        // Open polylines end on the border of the domain.
        for line in p.boundary where line.first != line.last {
            for q in [line.first!, line.last!] {
                let onBorder = min(abs(q.x - 1), abs(q.x + 1), abs(q.y - 1), abs(q.y + 1)) < 1e-12
                XCTAssertTrue(onBorder, "open boundary polyline ends inside the domain at \(q)")
            }
        }
    }

    func testFaceLimitAndCancellation() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [64, 64], activation: .relu, seed: 2)
        XCTAssertThrowsError(try Partition.compute(mlp, domain: .unitSquare, limits: PartitionLimits(maxFaces: 100))) {
            XCTAssertEqual($0 as? PartitionError, .tooManyFaces(limit: 100))
        }
        let token = CancellationToken()
        token.cancel()
        XCTAssertThrowsError(try Partition.compute(mlp, domain: .unitSquare, cancel: token)) {
            XCTAssertEqual($0 as? PartitionError, .cancelled)
        }
        XCTAssertThrowsError(try Partition.compute(mlp, domain: Domain(x0: 1, x1: 0, y0: 0, y1: 1)))
        // A memory budget smaller than the partition needs.
        let wide = try MLP.pytorchDefault(hiddenWidths: [128, 128, 128], activation: .relu, seed: 2)
        XCTAssertThrowsError(
            try Partition.compute(wide, domain: .unitSquare, limits: PartitionLimits(maxMemoryBytes: 8 << 20))
        ) {
            XCTAssertEqual($0 as? PartitionError, .memoryBudget(bytes: 8 << 20))
        }
        XCTAssertNoThrow(
            try Partition.compute(wide, domain: .unitSquare, limits: PartitionLimits(maxMemoryBytes: 256 << 20)))
    }

    func testJSONExportHasEveryFace() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [5, 4], activation: .relu, seed: 8)
        let p = try Partition.compute(mlp, domain: Domain(x0: -2, x1: 1, y0: 0, y1: 1))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-export-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try RegionsJSON.write(p, to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        XCTAssertEqual(object["bounds"] as! [Double], [-2, 1, 0, 1])
        let faces = object["faces"] as! [[String: Any]]
        XCTAssertEqual(faces.count, p.faceCount)
        for (f, face) in faces.enumerated() {
            XCTAssertEqual((face["polygon"] as! [[Double]]).count, p.vertexIndices(f).count)
            XCTAssertEqual((face["pattern"] as! [[Int]]).map { $0.map(UInt8.init) }, p.pattern(f))
            // Shortest round-trip text: parsing it gives back the very same Double.
            let m = p.logits[f]
            XCTAssert(
                text.contains("\"logit\":[\(m.a),\(m.b),\(m.c)],\"area\":\(p.areas[f])}"),
                "face \(f) written at full precision")
            XCTAssertEqual(Double("\(m.c)"), m.c)
        }
        XCTAssertEqual((object["boundary"] as! [Any]).count, p.boundary.count)
    }
}
