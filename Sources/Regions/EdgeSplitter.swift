import Dispatch
import Synchronization

/// Splits every edge of the mesh where a layer's neurons change sign along it, before any face is
/// cut by that layer. Afterwards a face's cut only adds vertices inside the face, so the faces can
/// be cut independently (`ChunkCutter`), on any number of threads.
///
/// The result is the one `LayerCutter` reaches face by face: an edge is split in the direction of
/// the lower-numbered of its two faces (the face `LayerCutter` cut first), by its crossing neurons
/// in ascending order (the order in which the recursion of that face meets them along the edge),
/// each at the parameter read from the values at the current sub-edge's ends; a new vertex holds
/// the values of the neurons crossing either face. Only the vertex numbering differs: these
/// vertices come before those made inside faces.
///
/// Edges are independent: ranges of them are worked out on separate threads (`EdgeChain`), then
/// the splits are made in edge order, so the numbering does not depend on the thread count.
enum EdgeSplitter {
    /// Splits the edges of `mesh` (all from before the cut), giving each new vertex its record in
    /// `origins`; the new vertices' values are in the returned ranges, in vertex order.
    static func split(
        _ mesh: inout HalfEdgeMesh, values: StoredValues, crossings: LayerCrossings, origins: inout VertexOrigins,
        tolerance: ZeroTolerance, slope: Double, threads: Int, cancel: CancellationToken?
    ) throws -> SplitValues {
        let edges = mesh.halfEdgeCount
        // Ranges fixed by the mesh alone, taken by the threads as they finish one (see
        // `FacewiseCutter`).
        let chunks = max(1, edges / 8192)
        let workers = min(threads, chunks)
        let slots = UnsafeMutableBufferPointer<EdgeChain?>.allocate(capacity: chunks)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        do {
            let job = Job(
                mesh: mesh, values: values, crossings: crossings, tolerance: tolerance, slope: slope, chunks: chunks,
                slots: slots, cancel: cancel)
            if workers == 1 {
                job.run()
            } else {
                DispatchQueue.concurrentPerform(iterations: workers) { _ in job.run() }
            }
        }
        if let cancel, cancel.isCancelled { throw PartitionError.cancelled }
        var split = SplitValues(firstVertex: mesh.vertexCount)
        for i in 0..<chunks {
            slots[i]!.replay(into: &mesh, origins: &origins)
            split.append(slots[i]!)
            slots[i] = nil
        }
        return split
    }

    private final class Job: @unchecked Sendable {
        let mesh: HalfEdgeMesh
        let values: StoredValues
        let crossings: LayerCrossings
        let tolerance: ZeroTolerance
        let slope: Double
        let chunks: Int
        let slots: UnsafeMutableBufferPointer<EdgeChain?>
        let cancel: CancellationToken?

        init(
            mesh: HalfEdgeMesh, values: StoredValues, crossings: LayerCrossings, tolerance: ZeroTolerance,
            slope: Double, chunks: Int, slots: UnsafeMutableBufferPointer<EdgeChain?>, cancel: CancellationToken?
        ) {
            self.mesh = mesh
            self.values = values
            self.crossings = crossings
            self.tolerance = tolerance
            self.slope = slope
            self.chunks = chunks
            self.slots = slots
            self.cancel = cancel
        }

        @inline(__always)
        private func slice(_ list: UnsafeBufferPointer<Int32>, _ f: Int) -> UnsafeBufferPointer<Int32> {
            UnsafeBufferPointer(rebasing: list[Int(crossings.start[f])..<Int(crossings.start[f + 1])])
        }

        private let taken = Atomic<Int>(0)

        /// Works out ranges until none is left.
        func run() {
            while true {
                let i = taken.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < chunks else { return }
                run(i)
            }
        }

        private func run(_ i: Int) {
            let edges = mesh.halfEdgeCount
            let chain = EdgeChain(values: values, tolerance: tolerance, slope: slope, xs: mesh.x, ys: mesh.y)
            crossings.list.withUnsafeBufferPointer { list in
                for h in (edges * i / chunks)..<(edges * (i + 1) / chunks) {
                    if h & 4095 == 0, let cancel, cancel.isCancelled { return }
                    // Each edge once, from the lower half-edge.
                    let t = Int(mesh.twin[h])
                    guard h < t else { continue }
                    let fa = mesh.face[h]
                    let fb = mesh.face[t]
                    let e = fb < 0 || (fa >= 0 && fa < fb) ? h : t
                    let own = Int(mesh.face[e])
                    let other = Int(mesh.face[e == h ? t : h])
                    chain.split(
                        edge: Int32(e), from: Int(mesh.origin[e]), to: Int(mesh.origin[e == h ? t : h]),
                        crossing: slice(list, own), other: other >= 0 ? slice(list, other) : LayerCrossings.none)
                }
            }
            slots[i] = chain
        }
    }
}
