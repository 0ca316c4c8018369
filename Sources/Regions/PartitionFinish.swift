import Dispatch
import NeuralNet

/// What is derived from the finished mesh: each face's area and logit map, the decision boundary
/// and the point locator. The three are independent, so with two threads the face maps run
/// beside the boundary and the locator (about equal halves of this stage).
struct PartitionFinish {
    let areas: [Double]
    let logits: [AffineMap]
    let boundary: [[Point]]
    let locator: PointLocator

    init(mesh: HalfEdgeMesh, domain: Domain, vertexLogit: [Double], threads: Int, cancel: CancellationToken?) throws {
        // Below a few thousand faces the whole stage takes less than waking a second thread.
        if threads >= 2 && mesh.faceCount >= 4096 {
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 {
                    results.maps = Self.faceMaps(mesh, vertexLogit, cancel)
                } else {
                    results.boundary = DecisionBoundary.trace(mesh: mesh, vertexLogit: vertexLogit)
                    results.locator = PointLocator(mesh: mesh, domain: domain)
                }
            }
            guard let maps = results.maps else { throw PartitionError.cancelled }
            (areas, logits) = maps
            boundary = results.boundary
            locator = results.locator!
        } else {
            guard let maps = Self.faceMaps(mesh, vertexLogit, cancel) else { throw PartitionError.cancelled }
            (areas, logits) = maps
            boundary = DecisionBoundary.trace(mesh: mesh, vertexLogit: vertexLogit)
            locator = PointLocator(mesh: mesh, domain: domain)
        }
    }

    /// Each face's area and the plane through its corner logits; nil if cancelled.
    private static func faceMaps(
        _ mesh: HalfEdgeMesh, _ vertexLogit: [Double], _ cancel: CancellationToken?
    )
        -> ([Double], [AffineMap])?
    {
        var logits: [AffineMap] = []
        var areas: [Double] = []
        logits.reserveCapacity(mesh.faceCount)
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
                zs.append(vertexLogit[v])
                h = mesh.next[Int(h)]
            } while h != start
            areas.append(Partition.polygonArea(xs, ys))
            logits.append(Partition.planeThrough(xs, ys, zs))
        }
        return (areas, logits)
    }

    /// The two workers' outputs; each field is written by one worker and read after both finish.
    private final class Results: @unchecked Sendable {
        var maps: ([Double], [AffineMap])?
        var boundary: [[Point]] = []
        var locator: PointLocator?
    }
}
