import Dispatch
import NeuralNet

/// The result of checking a partition against direct forward passes of its network.
public struct VerificationReport: Sendable {
    public var faces = 0
    /// Faces whose pattern differs from the forward pass at their centroid.
    public var patternMismatches = 0
    /// Faces whose pattern another face also has.
    public var duplicatePatterns = 0
    /// Largest |face map − forward pass| at centroids and corners, relative to the largest |logit|.
    public var maxRelativeLogitError = 0.0
    /// Smallest face area, relative to the domain's.
    public var minRelativeArea = Double.infinity
    public var meshProblems: [String] = []

    public var isExact: Bool {
        patternMismatches == 0 && duplicatePatterns == 0 && maxRelativeLogitError < 1e-9 && meshProblems.isEmpty
    }
}

extension Partition {
    /// Checks every face against the network itself: the pattern at its centroid, the logit map at
    /// its centroid and corners, pattern uniqueness, and the mesh invariants.
    public func verify(against mlp: MLP, threads: Int = PartitionLimits.defaultThreads) -> VerificationReport {
        var report = VerificationReport()
        report.faces = faceCount
        report.meshProblems = meshProblems()
        let scale = max(vertexLogit.map(abs).max() ?? 0, .leastNormalMagnitude)
        // Forward passes dominate: split the faces over threads, each filling its own slot.
        let chunks = max(1, min(threads * 4, faceCount / 256))
        let partial = PartialReports(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var mismatches = 0
            var worst = 0.0
            var smallest = Double.infinity
            for f in (faceCount * chunk / chunks)..<(faceCount * (chunk + 1) / chunks) {
                let c = centroid(f)
                let map = logits[f]
                var err = abs(map(c.x, c.y) - mlp.logit(c.x, c.y))
                for v in vertexIndices(f) {
                    err = max(err, abs(map(vertexX[v], vertexY[v]) - vertexLogit[v]))
                }
                worst = max(worst, err / scale)
                if mlp.pattern(c.x, c.y) != pattern(f) { mismatches += 1 }
                smallest = min(smallest, areas[f] / domain.area)
            }
            partial.store(chunk, (mismatches, worst, smallest))
        }
        for (mismatches, worst, smallest) in partial.values {
            report.patternMismatches += mismatches
            report.maxRelativeLogitError = max(report.maxRelativeLogitError, worst)
            report.minRelativeArea = min(report.minRelativeArea, smallest)
        }
        var seen = Set<ArraySlice<UInt64>>()
        seen.reserveCapacity(faceCount)
        for f in 0..<faceCount where !seen.insert(patternWords(f)).inserted { report.duplicatePatterns += 1 }
        return report
    }
}

/// One slot per chunk; each worker writes only its own.
private final class PartialReports: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<(Int, Double, Double)>
    private let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: (0, 0, .infinity), count: count)
    }
    deinit { slots.deallocate() }
    func store(_ i: Int, _ value: (Int, Double, Double)) { slots[i] = value }
    var values: [(Int, Double, Double)] { Array(UnsafeBufferPointer(start: slots, count: count)) }
}
