import Foundation
import NeuralNet
import Regions

/// What the inspector says about the pinned or hovered region, as plain lines; the window adds
/// its own typography.
public struct InspectorReport: Sendable, Equatable {
    /// "Region 12 of 345" (of the partition shown, which covers the visible box).
    public var title: String
    public var pinned: Bool
    /// "z = 1.2·x − 0.5·y + 0.1".
    public var formula: String
    public var slopeAndArea: String
    /// The logit and probability at the pointer.
    public var atPointer: String?
    public var pixels: String?
    /// One line per hidden layer: "L1 ●○●…".
    public var patternLines: [String]

    /// The report for the core's inspected face, or nil when none is inspected.
    @MainActor
    public static func make(_ core: AppCore) -> InspectorReport? {
        guard let p = core.partition, let f = core.inspectedFace, f < p.faceCount else { return nil }
        let m = p.logits[f]
        let zoomed = p.domain != core.domain
        var r = InspectorReport(
            title: "Region \(f + 1) of \(p.faceCount)\(zoomed ? " in the zoomed view" : "")",
            pinned: core.pinnedFace == f,
            formula: "z = \(number(m.a))·x \(signed(m.b))·y \(signed(m.c))",
            slopeAndArea: "slope ‖∇z‖ = \(number(m.slopeNorm))   area = \(number(p.areas[f]))",
            atPointer: nil, pixels: nil, patternLines: [])
        if let q = core.hoverPoint, let mlp = core.partitionNetwork {
            let z = mlp.logit(q.x, q.y)
            r.atPointer =
                "at (\(number(q.x)), \(number(q.y))): z = \(number(z)), p = \(String(format: "%.3f", 1 / (1 + exp(-z))))"
        }
        let (count, correct) = core.pixels(in: f)
        if count > 0 {
            r.pixels =
                "\(count) training pixels, \(String(format: "%.1f", 100 * Double(correct) / Double(count))) % right"
        } else if core.dataset != nil {
            r.pixels = "no training pixels inside"
        }
        for (l, layer) in p.pattern(f).enumerated() {
            let cells = layer.prefix(48).map { $0 == 1 ? "●" : "○" }.joined()
            r.patternLines.append("L\(l + 1) \(cells)\(layer.count > 48 ? " +\(layer.count - 48)" : "")")
        }
        return r
    }

    /// All of it as plain text (the accessible description, and tests).
    public var plainText: String {
        ([title + (pinned ? " (pinned — Esc to unpin)" : ""), formula, slopeAndArea]
            + [atPointer, pixels].compactMap { $0 }
            + ["activation pattern (● active):"] + patternLines).joined(separator: "\n")
    }

    static func number(_ v: Double) -> String { String(format: "%.4g", v) }
    static func signed(_ v: Double) -> String { v < 0 ? "− \(number(-v))" : "+ \(number(v))" }
}
