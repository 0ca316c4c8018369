import AppCore
import Foundation
import NeuralNet
import Regions
import XCTest

/// Layer by layer and two-way provenance, checked against the region engine on the cut network
/// and against direct forward passes.
final class NetworkViewScenarioTests: AppCoreTestCase {
    /// The faces' activation patterns as a sorted list: equal lists, equal partitions.
    private static func patterns(_ p: Partition) -> [[UInt64]] {
        (0..<p.faceCount).map { Array(p.patternWords($0)) }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    func testTheMapAfterLayerKIsThePartitionOfTheCutNetwork() throws {
        try withCore { core, s in
            core.setHiddenWidths([8, 8, 8])
            Self.open("disk64.png", in: core, s)
            Self.train(core, s, to: 3)
            XCTAssertTrue(s.run(until: { core.partitionNetwork == core.shownNetwork }), "the trained partition")
            let mlp = try XCTUnwrap(core.shownNetwork)
            let full = try XCTUnwrap(core.partition)
            var counts: [Int] = []
            for k in 1...2 {
                core.setUpToLayer(k)
                XCTAssertEqual(core.shownLayerLimit, k)
                XCTAssertTrue(s.run(until: { core.mapPartition != nil }), "the partition after layer \(k) arrives")
                let shown = try XCTUnwrap(core.mapPartition)
                let cut = try Partition.compute(mlp.prefix(hiddenLayers: k), domain: core.viewBox)
                XCTAssertEqual(shown.hiddenWidths, Array(mlp.hiddenWidths.prefix(k)))
                XCTAssertEqual(shown.faceCount, cut.faceCount)
                XCTAssertEqual(Self.patterns(shown), Self.patterns(cut))
                // Exact: inside every face the first k layers' pattern is the face's pattern.
                for f in 0..<shown.faceCount {
                    let c = shown.centroid(f)
                    XCTAssertEqual(
                        Array(mlp.pattern(c.x, c.y).prefix(k)), shown.pattern(f), "face \(f) after layer \(k)")
                }
                XCTAssertEqual(core.mapView.coloring, .pattern)
                XCTAssertTrue(core.mapView.edgesByLayer)
                XCTAssertEqual(
                    core.partition?.hiddenWidths, full.hiddenWidths,
                    "the inspector's partition is still the full network's")
                XCTAssertEqual(core.partition?.faceCount, full.faceCount)
                counts.append(shown.faceCount)
            }
            XCTAssertLessThanOrEqual(counts[0], counts[1], "each layer refines the partition")
            XCTAssertLessThanOrEqual(counts[1], full.faceCount)
            // k = depth is the whole network.
            core.setUpToLayer(3)
            XCTAssertNil(core.shownLayerLimit)
            XCTAssertEqual(core.mapPartitionKey, "\(core.partitionGeneration)", "the map shows the full partition")
            XCTAssertEqual(core.mapPartition?.hiddenWidths, [8, 8, 8])
            XCTAssertEqual(core.mapView, core.view)
            core.setUpToLayer(nil)
            XCTAssertEqual(core.mapPartitionKey, "\(core.partitionGeneration)")
        }
    }

    /// Hovering next to an edge names the neuron that made it; that neuron's pre-activation is
    /// zero along the edge (a forward pass at its ends).
    func testHoveringAMapEdgeNamesTheNeuronThatMadeIt() throws {
        try withCore { core, s in
            core.setHiddenWidths([12, 12])
            Self.open("disk64.png", in: core, s)
            let p = try XCTUnwrap(core.partition)
            let mlp = try XCTUnwrap(core.partitionNetwork)
            let edges = p.edges.filter { if case .neuron = p.edgeSource($0) { return true } else { return false } }
            XCTAssertGreaterThan(edges.count, 50)
            let tolerance = core.viewBox.width / 200
            var named = 0
            for e in stride(from: 0, to: edges.count, by: max(1, edges.count / 150)).map({ edges[$0] }) {
                let (a, b) = p.edgeEndpoints(e)
                let pa = Point(p.vertexX[a], p.vertexY[a])
                let pb = Point(p.vertexX[b], p.vertexY[b])
                let len = ((pb.x - pa.x) * (pb.x - pa.x) + (pb.y - pa.y) * (pb.y - pa.y)).squareRoot()
                guard len > 4 * tolerance else { continue }
                // Just off the middle of the edge, to one side.
                let q = Point(
                    (pa.x + pb.x) / 2 - (pb.y - pa.y) / len * tolerance * 0.3,
                    (pa.y + pb.y) / 2 + (pb.x - pa.x) / len * tolerance * 0.3)
                core.hoverEdge(at: q, tolerance: tolerance)
                let n = try XCTUnwrap(core.edgeNeuron, "an edge within \(tolerance) of \(q)")
                guard case .neuron(let layer, let index) = p.edgeSource(try XCTUnwrap(core.hoveredEdge)) else {
                    return XCTFail("a neuron's edge")
                }
                XCTAssertEqual(n.layer, layer + 1)
                XCTAssertEqual(n.index, index)
                XCTAssertEqual(core.edgeDescription, "edge of neuron \(index) in layer \(layer + 1)")
                XCTAssertEqual(core.focusNeuron?.layer, n.layer)
                XCTAssertEqual(core.focusNeuron?.index, n.index)
                let (ha, hb) = p.edgeEndpoints(try XCTUnwrap(core.hoveredEdge))
                for v in [ha, hb] {
                    let z = mlp.preActivations(p.vertexX[v], p.vertexY[v])[layer][index]
                    XCTAssertEqual(z, 0, accuracy: 1e-9, "the neuron is zero along its edge")
                }
                named += 1
            }
            XCTAssertGreaterThan(named, 20)
            // Far from every edge, or off the map: nothing.
            core.hoverEdge(at: nil, tolerance: tolerance)
            XCTAssertNil(core.edgeNeuron)
            XCTAssertNil(core.edgeDescription)
            // A neuron hovered in the network view wins over the map's edge.
            core.hoverNeuron(layer: 2, index: 3)
            XCTAssertEqual(core.focusNeuron?.layer, 2)
            XCTAssertEqual(core.focusNeuron?.index, 3)
        }
    }

    /// After layer k the edge under the pointer is one of the cut network's edges.
    func testEdgeHoverAfterLayerKFindsTheCutNetworksEdges() throws {
        try withCore { core, s in
            core.setHiddenWidths([8, 8, 8])
            Self.open("disk64.png", in: core, s)
            core.setUpToLayer(1)
            XCTAssertTrue(s.run(until: { core.mapPartition != nil }))
            let p = try XCTUnwrap(core.mapPartition)
            let e = try XCTUnwrap(
                p.edges.first { if case .neuron = p.edgeSource($0) { return true } else { return false } })
            let (a, b) = p.edgeEndpoints(e)
            core.hoverEdge(
                at: Point((p.vertexX[a] + p.vertexX[b]) / 2, (p.vertexY[a] + p.vertexY[b]) / 2), tolerance: 1e-6)
            XCTAssertEqual(core.edgeNeuron?.layer, 1, "only layer 1 made edges after layer 1")
        }
    }
}
