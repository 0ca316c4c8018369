import Dispatch
import Synchronization

/// Cuts the mesh by a layer after the first (stored values) with the faces cut independently:
/// the crossing neurons of every face (`LayerCrossings`), every old edge split where the layer
/// changes sign along it (`EdgeSplitter`), then ranges of faces cut on separate threads into
/// their own buffers (`ChunkCutter`) and written back in face order (`CutChunk.emit`).
///
/// The partition is the one `LayerCutter` makes (the same faces in the same order, the same
/// vertices and values), whatever the thread count; only vertex and half-edge numbers differ.
enum FacewiseCutter {
    struct Result {
        var origins: VertexOrigins
        var conflicts: Int
    }

    static func cut(
        _ mesh: inout HalfEdgeMesh, bits: inout [UInt64], values: StoredValues, tolerance: ZeroTolerance,
        neuronOffset: Int, wordsPerFace: Int, limits: PartitionLimits, slope: Double, cancel: CancellationToken?
    ) throws -> Result {
        let crossings = try LayerCrossings(
            mesh: mesh, values: values, neuronOffset: neuronOffset, wordsPerFace: wordsPerFace, bits: &bits,
            cancel: cancel)
        var origins = VertexOrigins(firstVertex: mesh.vertexCount)
        // About 1.2 new faces and vertices per crossing (face, neuron) pair (see `LayerCutter`).
        let pairs = crossings.list.count
        let expected = pairs + pairs / 3
        mesh.reserve(vertices: mesh.vertexCount + expected, faces: mesh.faceCount + expected)
        bits.reserveCapacity((mesh.faceCount + expected) * wordsPerFace)
        var split: SplitValues? = try EdgeSplitter.split(
            &mesh, values: values, crossings: crossings, origins: &origins, tolerance: tolerance, slope: slope,
            threads: limits.threads, cancel: cancel)

        let faces = mesh.faceCount
        let baseBytes = LayerCutter.footprint(mesh, values, wordsPerFace) + origins.bytes + split!.bytes
        guard baseBytes < limits.maxMemoryBytes else { throw PartitionError.memoryBudget(bytes: limits.maxMemoryBytes) }
        // Ranges of about 2048 crossings each (the cut's work grows with them), fixed by the mesh
        // alone; threads take the next range as they finish one, so a thread that shares its core
        // (with training, say) does fewer of them.
        let chunks = max(1, pairs / 2048)
        let workers = min(limits.threads, chunks)
        var bounds = [0]
        var f = 0
        for i in 1..<chunks {
            let target = Int32(pairs * i / chunks)
            while f < faces && crossings.start[f] < target { f += 1 }
            bounds.append(f)
        }
        bounds.append(faces)
        let slots = UnsafeMutableBufferPointer<Slot>.allocate(capacity: chunks)
        slots.initialize(repeating: Slot())
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        do {
            // In a scope of its own: the job's copy of the mesh must be gone before the mesh grows.
            let job = Job(
                cutter: ChunkCutter(
                    mesh: mesh, values: values, split: split!, crossings: crossings, tolerance: tolerance,
                    neuronOffset: neuronOffset, wordsPerFace: wordsPerFace, slope: slope, maxFaces: limits.maxFaces,
                    maxMemoryBytes: limits.maxMemoryBytes, baseBytes: baseBytes, cancel: cancel),
                bounds: bounds, slots: slots)
            bits.withUnsafeBufferPointer { b in
                let shared = SharedBits(b)
                if workers == 1 {
                    job.run(shared.bits)
                } else {
                    DispatchQueue.concurrentPerform(iterations: workers) { _ in job.run(shared.bits) }
                }
            }
        }
        // The split vertices' values are read only by the cut: gone before the mesh grows.
        split = nil
        var conflicts = 0
        for i in 0..<chunks {
            if let error = slots[i].error { throw error }
        }
        var newFaces = 0
        var newBytes = 0
        for i in 0..<chunks {
            newFaces += slots[i].chunk!.newFaces
            newBytes += slots[i].chunk!.bytes(wordsPerFace: wordsPerFace)
            conflicts += slots[i].conflicts
        }
        guard faces + newFaces <= limits.maxFaces else { throw PartitionError.tooManyFaces(limit: limits.maxFaces) }
        guard baseBytes + newBytes < limits.maxMemoryBytes else {
            throw PartitionError.memoryBudget(bytes: limits.maxMemoryBytes)
        }
        for i in 0..<chunks {
            slots[i].chunk!.emit(into: &mesh, bits: &bits, origins: &origins)
            slots[i].chunk = nil
        }
        return Result(origins: origins, conflicts: conflicts)
    }

    /// What one range produced.
    private struct Slot {
        var chunk: CutChunk?
        var conflicts = 0
        var error: Error?
    }

    /// The work of every range; range `i` writes only slot `i`.
    private final class Job: @unchecked Sendable {
        let cutter: ChunkCutter
        let bounds: [Int]
        let slots: UnsafeMutableBufferPointer<Slot>
        private let taken = Atomic<Int>(0)

        init(cutter: ChunkCutter, bounds: [Int], slots: UnsafeMutableBufferPointer<Slot>) {
            self.cutter = cutter
            self.bounds = bounds
            self.slots = slots
        }

        /// Cuts ranges until none is left.
        func run(_ bits: UnsafeBufferPointer<UInt64>) {
            var cutter = self.cutter
            while true {
                let i = taken.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i + 1 < bounds.count else { return }
                do {
                    try cutter.cut(bounds[i]..<bounds[i + 1], bits: bits)
                    (slots[i].chunk, slots[i].conflicts) = cutter.takeOutput()
                } catch {
                    slots[i].error = error
                    return
                }
            }
        }
    }

    /// The pattern bits, read by every range while none writes them.
    private struct SharedBits: @unchecked Sendable {
        let bits: UnsafeBufferPointer<UInt64>
        init(_ bits: UnsafeBufferPointer<UInt64>) { self.bits = bits }
    }
}
