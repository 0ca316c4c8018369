import Dispatch

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
        try EdgeSplitter.split(
            &mesh, values: values, crossings: crossings, origins: &origins, tolerance: tolerance, slope: slope,
            threads: limits.threads, cancel: cancel)

        let faces = mesh.faceCount
        let baseBytes = LayerCutter.footprint(mesh, values, wordsPerFace) + origins.bytes
        guard baseBytes < limits.maxMemoryBytes else { throw PartitionError.memoryBudget(bytes: limits.maxMemoryBytes) }
        // Below a few thousand crossings a second thread costs more than it saves.
        let chunks = pairs >= 4096 ? limits.threads : 1
        // Ranges of about equal crossing counts (the cut's work grows with them).
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
                    mesh: mesh, values: values, crossings: crossings, tolerance: tolerance,
                    neuronOffset: neuronOffset, wordsPerFace: wordsPerFace, slope: slope, maxFaces: limits.maxFaces,
                    maxMemoryBytes: limits.maxMemoryBytes, baseBytes: baseBytes, cancel: cancel),
                bounds: bounds, slots: slots)
            bits.withUnsafeBufferPointer { b in
                let shared = SharedBits(b)
                if chunks == 1 {
                    job.run(0, shared.bits)
                } else {
                    DispatchQueue.concurrentPerform(iterations: chunks) { i in job.run(i, shared.bits) }
                }
            }
        }
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

        init(cutter: ChunkCutter, bounds: [Int], slots: UnsafeMutableBufferPointer<Slot>) {
            self.cutter = cutter
            self.bounds = bounds
            self.slots = slots
        }

        func run(_ i: Int, _ bits: UnsafeBufferPointer<UInt64>) {
            var cutter = self.cutter
            do {
                try cutter.cut(bounds[i]..<bounds[i + 1], bits: bits)
                slots[i].chunk = cutter.out
                slots[i].conflicts = cutter.conflicts
            } catch {
                slots[i].error = error
            }
        }
    }

    /// The pattern bits, read by every range while none writes them.
    private struct SharedBits: @unchecked Sendable {
        let bits: UnsafeBufferPointer<UInt64>
        init(_ bits: UnsafeBufferPointer<UInt64>) { self.bits = bits }
    }
}
