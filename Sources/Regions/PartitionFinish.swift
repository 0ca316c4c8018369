import Dispatch
import NeuralNet

/// What is derived from the finished mesh: each face's area and output maps, the decision
/// boundary with the decision-region count, and the point locator. The three are independent,
/// so with two threads the face maps run beside the boundary, and the locator beside whichever is
/// the shorter: for one output the `z = 0` tracer is one pass over the corners, for K outputs the
/// argmax cells take as long as the other two.
struct PartitionFinish {
    let areas: [Double]
    /// K maps per face, face-major.
    let outputMaps: [AffineMap]
    let boundary: [[Point]]
    let boundaryClasses: [ClassPair]
    let decisionRegions: Int
    let locator: PointLocator

    init(
        mesh: HalfEdgeMesh, domain: Domain, vertexOutputs: [Double], outputs: Int, ties: VertexTies?, threads: Int,
        cancel: CancellationToken?
    ) throws {
        // Below a few thousand faces the whole stage takes less than waking a second thread.
        if threads >= 2 && mesh.faceCount >= 4096 {
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 {
                    results.maps = Self.faceMaps(mesh, vertexOutputs, outputs, cancel)
                    if outputs > 1 { results.locator = PointLocator(mesh: mesh, domain: domain) }
                } else {
                    results.boundary = try? Self.boundary(mesh, vertexOutputs, outputs, ties, cancel)
                    if outputs == 1 { results.locator = PointLocator(mesh: mesh, domain: domain) }
                }
            }
            guard let maps = results.maps, let boundary = results.boundary else { throw PartitionError.cancelled }
            (areas, outputMaps) = maps
            (self.boundary, boundaryClasses, decisionRegions) = boundary
            locator = results.locator!
        } else {
            guard let maps = Self.faceMaps(mesh, vertexOutputs, outputs, cancel) else {
                throw PartitionError.cancelled
            }
            (areas, outputMaps) = maps
            (boundary, boundaryClasses, decisionRegions) = try Self.boundary(mesh, vertexOutputs, outputs, ties, cancel)
            locator = PointLocator(mesh: mesh, domain: domain)
        }
    }

    /// One output keeps the `z = 0` tracer (every piece separates classes 0 and 1); K outputs
    /// split every face into its argmax cells.
    private static func boundary(
        _ mesh: HalfEdgeMesh, _ vertexOutputs: [Double], _ outputs: Int, _ ties: VertexTies?,
        _ cancel: CancellationToken?
    ) throws -> ([[Point]], [ClassPair], Int) {
        if outputs == 1 {
            let (lines, split) = DecisionBoundary.trace(mesh: mesh, vertexLogit: vertexOutputs)
            return (lines, [ClassPair](repeating: ClassPair(0, 1), count: lines.count), mesh.faceCount + split)
        }
        var cells = ArgmaxCells(
            outputs: outputs, x: mesh.x, y: mesh.y, origin: mesh.origin, next: mesh.next, twin: mesh.twin,
            faceEdge: mesh.faceEdge, vertexOutputs: vertexOutputs, ties: ties)
        let traced = try ArgmaxBoundary(cells: &cells, faceCount: mesh.faceCount, cancel: cancel)
        return (traced.lines, traced.classes, traced.decisionRegions)
    }

    /// Each face's area and the planes through its corner outputs; nil if cancelled.
    private static func faceMaps(
        _ mesh: HalfEdgeMesh, _ vertexOutputs: [Double], _ outputs: Int, _ cancel: CancellationToken?
    )
        -> ([Double], [AffineMap])?
    {
        var maps: [AffineMap] = []
        var areas: [Double] = []
        maps.reserveCapacity(mesh.faceCount * outputs)
        areas.reserveCapacity(mesh.faceCount)
        var xs: [Double] = []
        var ys: [Double] = []
        var zs: [Double] = []
        for f in 0..<mesh.faceCount {
            if f & 4095 == 0, let cancel, cancel.isCancelled { return nil }
            xs.removeAll(keepingCapacity: true)
            ys.removeAll(keepingCapacity: true)
            zs.removeAll(keepingCapacity: true)
            let start = mesh.faceEdge[f]
            var h = start
            repeat {
                let v = Int(mesh.origin[Int(h)])
                xs.append(mesh.x[v])
                ys.append(mesh.y[v])
                if outputs == 1 {
                    zs.append(vertexOutputs[v])
                } else {
                    zs.append(contentsOf: vertexOutputs[(v * outputs)..<((v + 1) * outputs)])
                }
                h = mesh.next[Int(h)]
            } while h != start
            areas.append(Partition.polygonArea(xs, ys))
            Partition.planesThrough(xs, ys, zs, outputs: outputs, into: &maps)
        }
        return (areas, maps)
    }

    /// The two workers' outputs; each field is written by one worker and read after both finish.
    private final class Results: @unchecked Sendable {
        var maps: ([Double], [AffineMap])?
        var boundary: ([[Point]], [ClassPair], Int)?
        var locator: PointLocator?
    }
}
