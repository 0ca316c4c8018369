import Foundation
import NeuralNet
import Regions

/// How regions are coloured.
public enum RegionColorMode: Sendable, Equatable {
    /// A stable hash of the activation pattern.
    case pattern
    /// ‖(a, b)‖ of the winning output's map, on a sequential map from 0 to `max`.
    case slope(max: Double)
    /// Output `index` at the region's centroid on a diverging map over ±`limit` (output 0 of a
    /// one-output network is the logit).
    case output(index: Int, limit: Double)
    /// Each decision cell (the part of a region where one class wins) in its class's colour,
    /// lightened so edges and the boundary read, a little lighter or darker by the pattern hash
    /// so neighbouring regions of one class stay distinguishable. `colors[k]` is class k's colour.
    case classTint([ClassColor])
    /// The winning margin (largest output − second largest; |z| for one output) at the region's
    /// centroid, on a sequential map from 0 to `max`.
    case margin(max: Double)
    /// Regression: the network's picture, exact per pixel — one output clamped to [0, 1] as grey,
    /// three outputs as red, green and blue.
    case reconstruction

    /// The one-output logit colouring (output 0 over ±`limit`).
    public static func logit(limit: Double) -> RegionColorMode { .output(index: 0, limit: limit) }

    /// The natural range for a partition: the 98th percentile, so one steep sliver does not wash
    /// out the map.
    public static func slope(for p: Partition) -> RegionColorMode {
        .slope(max: percentile((0..<p.faceCount).map { winningMap(p, $0).slopeNorm }, 0.98))
    }

    public static func logit(for p: Partition) -> RegionColorMode { output(0, for: p) }

    /// Output `index` over ±(98th percentile of |output| at the vertices).
    public static func output(_ index: Int, for p: Partition) -> RegionColorMode {
        let k = p.outputCount
        let i = min(max(index, 0), k - 1)
        let values = stride(from: i, to: p.vertexOutputs.count, by: k).map { abs(p.vertexOutputs[$0]) }
        return .output(index: i, limit: percentile(values, 0.98))
    }

    public static func margin(for p: Partition) -> RegionColorMode {
        .margin(max: percentile((0..<p.faceCount).map { margin(p, face: $0) }, 0.98))
    }

    /// What a task's figures show by default: class colours for classes, the picture for
    /// regression, the pattern hash for binary.
    public static func automatic(for task: LearningTask) -> RegionColorMode {
        switch task {
        case .binary: return .pattern
        case .classes(let colors): return .classTint(colors)
        case .regression: return .reconstruction
        }
    }

    static func percentile(_ v: [Double], _ q: Double) -> Double {
        let s = v.filter(\.isFinite).sorted()
        guard let last = s.last else { return 1 }
        let x = s[min(s.count - 1, Int(q * Double(s.count - 1)))]
        return x > 0 ? x : (last > 0 ? last : 1)
    }

    /// The map of the output that is largest at the face's centroid.
    static func winningMap(_ p: Partition, _ face: Int) -> AffineMap {
        let maps = p.maps(face: face)
        guard maps.count > 1 else { return maps[maps.startIndex] }
        let c = p.centroid(face)
        return maps.max { $0(c.x, c.y) < $1(c.x, c.y) } ?? maps[maps.startIndex]
    }

    /// Largest output − second largest at the face's centroid; |z| for one output (its two
    /// classes are z and 0).
    static func margin(_ p: Partition, face: Int) -> Double {
        let c = p.centroid(face)
        let values = p.maps(face: face).map { $0(c.x, c.y) }
        guard values.count > 1 else { return abs(values[0]) }
        var top = -Double.infinity
        var second = -Double.infinity
        for v in values {
            if v > top {
                second = top
                top = v
            } else if v > second {
                second = v
            }
        }
        return top - second
    }

    /// A class's colour as a region fill: lightened towards white, then made a little lighter or
    /// darker by the region's pattern hash. Only the lightness varies, so the hue always names
    /// the class (a hue from the hash would compete with it when the classes are greys).
    public static func tint(_ color: ClassColor, pattern: RGBA, lighten: Double = 0.42) -> RGBA {
        let base = RGBA(color.r, color.g, color.b).mixed(with: Palette.paper, lighten)
        // Palette.pattern's lightness spans about 0.55…0.85 in luma: −1…1 here.
        let luma = 0.299 * pattern.r + 0.587 * pattern.g + 0.114 * pattern.b
        let t = min(1, max(-1, (luma - 0.7) / 0.15))
        return t < 0 ? base.mixed(with: RGBA(0, 0, 0), -t * 0.12) : base.mixed(with: Palette.paper, t * 0.3)
    }

    public var colorBar: ColorBar? {
        switch self {
        case .pattern, .classTint: return nil
        case .reconstruction: return nil
        case .slope(let m): return ColorBar(low: 0, high: m, label: "slope ‖∇z‖", color: Palette.sequential)
        case .output(let index, let l):
            return ColorBar(
                low: -l, high: l, label: index == 0 ? "logit z" : "output \(index)",
                color: { Palette.diverging(2 * $0 - 1) })
        case .margin(let m):
            return ColorBar(low: 0, high: m, label: "margin (top − second)", color: Palette.sequential)
        }
    }
}
