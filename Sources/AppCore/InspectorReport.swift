import Foundation
import NeuralNet
import Regions

/// What the inspector says about the pinned or hovered region, as plain lines; the window adds
/// its own typography.
public struct InspectorReport: Sendable, Equatable {
    /// One affine map of the region: "z₂ = 1.2·x − 0.5·y + 0.1", with its class colour if any.
    public struct Formula: Sendable, Equatable {
        public var text: String
        /// `#rrggbb` of the output's class, for a swatch.
        public var color: String?
    }

    /// "Region 12 of 345" (of the partition shown, which covers the visible box; zoomed in, also
    /// the whole domain's count).
    public var title: String
    public var pinned: Bool
    /// Every output's exact map on the region (one for a binary or grey network).
    public var formulas: [Formula]
    public var slopeAndArea: String
    /// The outputs at the pointer: logit and probability, the winner and its margin, or the
    /// reconstructed value next to the image's.
    public var atPointer: String?
    public var pixels: String?
    /// One line per hidden layer: "L1 ●○●…".
    public var patternLines: [String]

    /// The report for the core's inspected face, or nil when none is inspected.
    @MainActor
    public static func make(_ core: AppCore) -> InspectorReport? {
        guard let p = core.partition, let f = core.inspectedFace, f < p.faceCount else { return nil }
        let task = core.task
        let maps = Array(p.maps(face: f))
        let zoomed = p.domain != core.domain
        // The slope of the output the view shows; for a classifier by default the winner's.
        var chosen = min(core.view.output ?? 0, maps.count - 1)
        if core.view.output == nil, case .classes = task { chosen = p.winner(face: f, at: p.centroid(f)) }
        let slopeMap = maps[chosen]
        let (x, y) = core.axisNames
        // Zoomed in, the face is only the part of its region inside the view: say both, and the
        // count of the whole domain as last measured.
        var title = "Region \(f + 1) of \(p.faceCount)"
        var area = "area = \(number(p.areas[f]))"
        if zoomed, let mlp = core.partitionNetwork {
            title += " in the zoomed view"
            if let (epoch, count) = core.regionCounts.filter({ $0.key <= core.partitionEpoch }).max(by: {
                $0.key < $1.key
            }) {
                title += " (\(count) in the whole domain at epoch \(epoch))"
            }
            let whole = ActivationRegion(mlp, in: core.domain) { l, j in p.isActive(face: f, layer: l, index: j) }
            area = "area = \(number(whole.area)) (the whole region; \(number(p.areas[f])) in view)"
        }
        var r = InspectorReport(
            title: title,
            pinned: core.pinnedFace == f,
            formulas: maps.indices.map { i in
                Formula(
                    text:
                        "\(outputName(i, task)) = \(number(maps[i].a))·\(x) \(signed(maps[i].b))·\(y) \(signed(maps[i].c))",
                    color: task.classColors.indices.contains(i) ? task.classColors[i].hex : nil)
            },
            slopeAndArea:
                "slope ‖∇\(outputName(chosen, task))‖ = \(number(slopeMap.slopeNorm))   \(area)",
            atPointer: nil, pixels: nil, patternLines: [])
        if let q = core.hoverPoint, let mlp = core.partitionNetwork, mlp.outputCount == task.outputCount {
            r.atPointer =
                "at \(core.plane == nil ? "" : "(s, t) = ")(\(number(q.x)), \(number(q.y))): "
                + describeOutputs(mlp.outputs(q.x, q.y), task)
        }
        let summary = core.pixels(in: f)
        if summary.count > 0 {
            if case .regression = task {
                r.pixels = "\(summary.count) training pixels, PSNR \(String(format: "%.1f", summary.psnr)) dB here"
            } else {
                r.pixels =
                    "\(summary.count) training pixels, \(String(format: "%.1f", 100 * Double(summary.correct) / Double(summary.count))) % right"
            }
        } else if core.dataset != nil {
            r.pixels = "no training pixels inside"
        }
        for (l, layer) in p.pattern(f).enumerated() {
            let cells = layer.prefix(48).map { $0 == 1 ? "●" : "○" }.joined()
            r.patternLines.append("L\(l + 1) \(cells)\(layer.count > 48 ? " +\(layer.count - 48)" : "")")
        }
        return r
    }

    /// "z" for a binary logit, "z₃" for class 3's logit (classes count from 0, as PyTorch's
    /// labels do), "grey", or "R", "G", "B".
    static func outputName(_ i: Int, _ task: LearningTask) -> String {
        switch task {
        case .binary: return "z"
        case .classes: return "z" + String(i).map { subscripts[$0.wholeNumberValue ?? 0] }.joined()
        case .regression(let channels): return channels == 1 ? "grey" : ["R", "G", "B"][min(i, 2)]
        }
    }

    private static let subscripts = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]

    static func describeOutputs(_ z: [Double], _ task: LearningTask) -> String {
        switch task {
        case .binary:
            return "z = \(number(z[0])), p = \(String(format: "%.3f", 1 / (1 + exp(-z[0]))))"
        case .classes:
            let order = z.indices.sorted { z[$0] > z[$1] || (z[$0] == z[$1] && $0 < $1) }
            let top = z[order[0]]
            let softmax = z.reduce(0) { $0 + exp($1 - top) }
            return "class \(order[0]) wins by \(number(top - z[order[1]])) over class \(order[1]), "
                + "p = \(String(format: "%.3f", 1 / softmax))"
        case .regression(let channels):
            if channels == 1 { return "grey \(String(format: "%.3f", z[0]))" }
            return "RGB " + z.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        }
    }

    /// All of it as plain text (the accessible description, and tests).
    public var plainText: String {
        ([title + (pinned ? " (pinned — Esc to unpin)" : "")] + formulas.map(\.text) + [slopeAndArea]
            + [atPointer, pixels].compactMap { $0 }
            + ["activation pattern (● active):"] + patternLines).joined(separator: "\n")
    }

    static func number(_ v: Double) -> String { String(format: "%.4g", v) }
    static func signed(_ v: Double) -> String { v < 0 ? "− \(number(-v))" : "+ \(number(v))" }
}
