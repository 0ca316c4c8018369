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
    public func verify(against mlp: MLP) -> VerificationReport {
        var report = VerificationReport()
        report.faces = faceCount
        report.meshProblems = meshProblems()
        let scale = max(vertexLogit.map(abs).max() ?? 0, .leastNormalMagnitude)
        var seen = Set<ArraySlice<UInt64>>()
        seen.reserveCapacity(faceCount)
        for f in 0..<faceCount {
            let c = centroid(f)
            let map = logits[f]
            var err = abs(map(c.x, c.y) - mlp.logit(c.x, c.y))
            for v in vertexIndices(f) {
                err = max(err, abs(map(vertexX[v], vertexY[v]) - vertexLogit[v]))
            }
            report.maxRelativeLogitError = max(report.maxRelativeLogitError, err / scale)
            if mlp.pattern(c.x, c.y) != pattern(f) { report.patternMismatches += 1 }
            if !seen.insert(patternWords(f)).inserted { report.duplicatePatterns += 1 }
            report.minRelativeArea = min(report.minRelativeArea, areas[f] / domain.area)
        }
        return report
    }
}
