import Dispatch
import NeuralNet

/// The result of checking a partition against direct forward passes of its network.
public struct VerificationReport: Sendable {
    public var faces = 0
    /// Faces whose pattern differs from the forward pass at their centroid.
    public var patternMismatches = 0
    /// Faces whose pattern another face also has.
    public var duplicatePatterns = 0
    /// Largest |face map − forward pass| at centroids and corners over every output, relative to
    /// the largest |output| on the mesh.
    public var maxRelativeLogitError = 0.0
    /// Decision cells whose class is not the forward pass's winner at their centroid (by more than
    /// rounding).
    public var winnerMismatches = 0
    /// Smallest face area, relative to the domain's.
    public var minRelativeArea = Double.infinity
    public var meshProblems: [String] = []

    public var isExact: Bool {
        patternMismatches == 0 && duplicatePatterns == 0 && maxRelativeLogitError < 1e-9 && winnerMismatches == 0
            && meshProblems.isEmpty
    }
}

extension Partition {
    /// Checks every face against the network itself: the pattern at its centroid, every output map
    /// at its centroid and corners, the winner at each decision cell's centroid, pattern
    /// uniqueness, and the mesh invariants.
    public func verify(against mlp: MLP, threads: Int = PartitionLimits.defaultThreads) -> VerificationReport {
        var report = VerificationReport()
        report.faces = faceCount
        report.meshProblems = meshProblems()
        let scale = max(vertexOutputs.map(abs).max() ?? 0, .leastNormalMagnitude)
        let k = outputCount
        // Forward passes dominate: split the faces over threads, each filling its own slot.
        let chunks = max(1, min(threads * 4, faceCount / 256))
        let partial = PartialReports(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var part = PartialReport()
            let faces = (faceCount * chunk / chunks)..<(faceCount * (chunk + 1) / chunks)
            let cellsOfFaces = decisionCells(faces: faces)
            for f in faces {
                let c = centroid(f)
                let maps = maps(face: f)
                let direct = mlp.outputs(c.x, c.y)
                let corners = vertexIndices(f)
                var err = 0.0
                for (o, map) in zip(0..<k, maps) {
                    err = max(err, abs(map(c.x, c.y) - direct[o]))
                    for v in corners {
                        err = max(err, abs(map(vertexX[v], vertexY[v]) - vertexOutputs[v * k + o]))
                    }
                }
                part.worst = max(part.worst, err / scale)
                if mlp.pattern(c.x, c.y) != pattern(f) { part.patternMismatches += 1 }
                part.smallest = min(part.smallest, areas[f] / domain.area)
                for cell in cellsOfFaces[f - faces.lowerBound] {
                    let p = cell.centroid
                    let z = mlp.outputs(p.x, p.y)
                    let scores = k == 1 ? [0, z[0]] : z
                    // A centroid within rounding of a tie is no evidence either way.
                    if let top = scores.max(), top - scores[cell.winner] > 1e-9 * scale {
                        part.winnerMismatches += 1
                    }
                }
            }
            partial.store(chunk, part)
        }
        for part in partial.values {
            report.patternMismatches += part.patternMismatches
            report.winnerMismatches += part.winnerMismatches
            report.maxRelativeLogitError = max(report.maxRelativeLogitError, part.worst)
            report.minRelativeArea = min(report.minRelativeArea, part.smallest)
        }
        var seen = Set<ArraySlice<UInt64>>()
        seen.reserveCapacity(faceCount)
        for f in 0..<faceCount where !seen.insert(patternWords(f)).inserted { report.duplicatePatterns += 1 }
        return report
    }
}

/// What one chunk of faces found.
private struct PartialReport {
    var patternMismatches = 0
    var winnerMismatches = 0
    var worst = 0.0
    var smallest = Double.infinity
}

/// One slot per chunk; each worker writes only its own.
private final class PartialReports: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<PartialReport>
    private let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: PartialReport(), count: count)
    }
    deinit { slots.deallocate() }
    func store(_ i: Int, _ value: PartialReport) { slots[i] = value }
    var values: [PartialReport] { Array(UnsafeBufferPointer(start: slots, count: count)) }
}
