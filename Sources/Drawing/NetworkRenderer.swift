import Foundation
import NeuralNet

/// A neuron of the diagram: layer 0 is the input (x, y), the last layer the outputs.
public struct NeuronID: Sendable, Equatable, Hashable {
    public var layer: Int
    public var index: Int
    public init(layer: Int, index: Int) {
        self.layer = layer
        self.index = index
    }
}

/// The network as circles and connections, like an MLP visualiser: neurons coloured by their
/// pre-activation at a point (blue negative, white zero, red positive), connections coloured by
/// the weight's sign and as wide as its magnitude. Wide layers show their first neurons and a
/// "+N more" marker, so any width stays readable. Output neurons wear their class colours
/// (classes) or their channel's name (regression).
public enum NetworkRenderer {
    public static let maxShown = 14

    struct Layout {
        var positions: [[(x: Double, y: Double)]]  // shown neurons per column
        var hidden: [Int]  // neurons not shown per column
        var radius: Double
    }

    static func layout(_ mlp: MLP, _ x: Double, _ y0: Double, _ w: Double, _ h0: Double) -> Layout {
        // The top line holds the column titles.
        let y = y0 + 20
        let h = h0 - 20
        let widths = [2] + mlp.hiddenWidths + [mlp.outputCount]
        let columns = widths.count
        let shownMax = min(maxShown, widths.max() ?? 1)
        let radius = max(3, min(13, min(h / Double(shownMax + 1) * 0.36, w / Double(columns) * 0.18)))
        var positions: [[(x: Double, y: Double)]] = []
        var hidden: [Int] = []
        for (c, n) in widths.enumerated() {
            let shown = min(n, maxShown)
            let cx = x + w * (Double(c) + 0.5) / Double(columns)
            let slots = Double(shown + (n > shown ? 1 : 0))
            let step = min(h / max(slots, 1), radius * 3.2)
            let top = y + h / 2 - step * (slots - 1) / 2
            positions.append((0..<shown).map { (cx, top + Double($0) * step) })
            hidden.append(n - shown)
        }
        return Layout(positions: positions, hidden: hidden, radius: radius)
    }

    /// The neuron under a device point, if any.
    public static func neuron(at px: Double, _ py: Double, mlp: MLP, box: (Double, Double, Double, Double)) -> NeuronID?
    {
        let L = layout(mlp, box.0, box.1, box.2, box.3)
        for (c, col) in L.positions.enumerated() {
            for (i, p) in col.enumerated()
            where (p.x - px) * (p.x - px) + (p.y - py) * (p.y - py) <= (L.radius + 3) * (L.radius + 3) {
                return NeuronID(layer: c, index: i)
            }
        }
        return nil
    }

    /// `point`: where to evaluate activations (nil: neutral colours). `highlight`: a neuron whose
    /// connections stand out while the rest dim. `task` names and colours the output neurons.
    public static func draw(
        _ c: Canvas, _ mlp: MLP, box: (Double, Double, Double, Double), point: Point2?, highlight: NeuronID?,
        task: LearningTask = .binary
    ) {
        let L = layout(mlp, box.0, box.1, box.2, box.3)
        var values: [[Double]]? = nil
        if let point {
            let pre = mlp.preActivations(point.x, point.y)
            values = [[point.x, point.y]] + pre + [mlp.outputs(point.x, point.y)]
        }
        // Connections, normalised per layer.
        for l in 0..<mlp.layers.count {
            let layer = mlp.layers[l]
            let maxW = max(layer.weight.map(abs).max() ?? 1, 1e-12)
            for (j, to) in L.positions[l + 1].enumerated() {
                for (i, from) in L.positions[l].enumerated() {
                    let w = layer.w(j, i)
                    let t = abs(w) / maxW
                    var alpha = 0.12 + 0.55 * t
                    if let hl = highlight {
                        let touches = (hl.layer == l && hl.index == i) || (hl.layer == l + 1 && hl.index == j)
                        alpha = touches ? 0.35 + 0.65 * t : 0.04
                    }
                    c.color((w >= 0 ? RGBA(hex: 0xD6604D) : RGBA(hex: 0x4393C3)).with(alpha: alpha))
                    c.lineWidth(0.4 + 3.2 * t)
                    c.move(from.x, from.y)
                    c.line(to.x, to.y)
                    c.stroke()
                }
            }
        }
        // Neurons.
        c.font(size: 10.5)
        let outputColumn = L.positions.count - 1
        let classes = task.classColors
        let winner = values.flatMap { v in v[outputColumn].indices.max { v[outputColumn][$0] < v[outputColumn][$1] } }
        for (col, positions) in L.positions.enumerated() {
            let scale = values.map { max($0[col].map(abs).max() ?? 1, 1e-12) } ?? 1
            for (i, p) in positions.enumerated() {
                let own = col == outputColumn ? outputColor(task, classes, i) : nil
                var fill = values.map { Palette.diverging($0[col][i] / scale) } ?? RGBA(hex: 0xF4F5F7)
                if values == nil, let own { fill = own.mixed(with: Palette.paper, 0.35) }
                c.circle(p.x, p.y, L.radius)
                c.color(fill)
                c.fillPreserve()
                let isHL = highlight == NeuronID(layer: col, index: i)
                // A class neuron's ring is its class colour, thicker for the class that wins at the point.
                let ringWidth = own == nil ? 1.1 : (values != nil && winner == i ? 4.2 : 2.6)
                c.lineWidth(isHL ? 3 : ringWidth)
                c.color(isHL ? RGBA(hex: 0xF2B705) : own ?? Palette.ink.with(alpha: 0.7))
                c.stroke()
                if own != nil && !isHL {
                    // A hairline outside the ring keeps a pale class colour visible on white.
                    c.circle(p.x, p.y, L.radius + ringWidth / 2 + 0.4)
                    c.lineWidth(0.8)
                    c.color(Palette.ink.with(alpha: 0.6))
                    c.stroke()
                }
                if col == outputColumn, let name = outputName(task, i) {
                    c.color(Palette.ink)
                    c.text(name, p.x + L.radius + 5, p.y + 4)
                }
            }
            if L.hidden[col] > 0, let last = positions.last {
                c.color(Palette.mutedInk)
                c.text("+\(L.hidden[col]) more", last.x, last.y + L.radius * 3.2 + 4, anchor: .center)
            }
            if let first = positions.first {
                let name = col == 0 ? "input" : col == outputColumn ? outputTitle(task) : "layer \(col)"
                c.color(Palette.mutedInk)
                c.text(name, first.x, box.1 + 12, anchor: .center)
            }
        }
        c.color(Palette.ink)
        if let first = L.positions.first, first.count == 2 {
            c.text("x", first[0].x - L.radius - 4, first[0].y + 4, anchor: .right)
            c.text("y", first[1].x - L.radius - 4, first[1].y + 4, anchor: .right)
        }
    }
}

extension NetworkRenderer {
    static func outputTitle(_ task: LearningTask) -> String {
        switch task {
        case .binary: return "logit"
        case .classes: return "classes"
        case .regression: return "output"
        }
    }

    /// The ring colour of output neuron `i`: its class's colour, or its channel's for RGB.
    static func outputColor(_ task: LearningTask, _ classes: [ClassColor], _ i: Int) -> RGBA? {
        if i < classes.count { return RGBA(classes[i].r, classes[i].g, classes[i].b) }
        if case .regression(let channels) = task, channels == 3, i < 3 {
            return [RGBA(hex: 0xD62728), RGBA(hex: 0x2CA02C), RGBA(hex: 0x1F77B4)][i]
        }
        return nil
    }

    /// The label beside output neuron `i`: its class or colour channel.
    static func outputName(_ task: LearningTask, _ i: Int) -> String? {
        switch task {
        case .binary: return nil
        case .classes: return "\(i)"
        case .regression(let channels): return channels == 3 ? ["R", "G", "B"][min(i, 2)] : "grey"
        }
    }
}

/// A point of the input plane, for drawing APIs that do not need the region engine.
public struct Point2: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}
