import Foundation
import NeuralNet

/// How the network diagram is drawn besides the network itself.
public struct NetworkStyle: Sendable {
    /// Where to evaluate activations (nil: neutral colours).
    public var point: Point2?
    /// A neuron whose connections stand out while the rest dim, with its details in a panel.
    public var highlight: NeuronID?
    /// Names and colours the output neurons.
    public var task: LearningTask = .binary
    /// Connections weaker than this fraction of their layer's largest |w| are not drawn (those of
    /// the highlighted neuron always are).
    public var minWeight = 0.15
    /// At most this many connections per pair of layers besides the highlighted neuron's: the
    /// strongest (256 × 256 has 65 536; drawn all at once they would be a solid block).
    public var maxLines = 2000
    /// Hidden layers after this one are faded (the map shows the partition after layer k).
    public var shownLayers: Int?
    /// A heading above the diagram (exports).
    public var title: String?
    /// The two inputs' names ("s", "t" on a plane through a many-input model).
    public var inputLabels = (x: "x", y: "y")
    public init() {}
}

/// The network as neurons and connections, like an MLP visualiser: neurons coloured by their
/// pre-activation at a point (blue negative, white zero, red positive), connections coloured by
/// the weight's sign, as wide and opaque as its magnitude. Every neuron is drawn: up to 64 per
/// layer as circles, wider layers as blocks of cells (`NetworkLayout`). Output neurons wear their
/// class colours (classes) or their channel's name (regression).
public enum NetworkRenderer {
    /// The layer widths the diagram draws: inputs, hidden layers, outputs.
    public static func widths(_ mlp: MLP) -> [Int] {
        [mlp.layers[0].inputs] + mlp.hiddenWidths + [mlp.outputCount]
    }

    public static func layout(
        _ mlp: MLP, box: (Double, Double, Double, Double), title: Bool = false
    )
        -> NetworkLayout
    {
        NetworkLayout(widths: widths(mlp), box: (box.0, box.1, box.2, box.3), top: title ? 34 : 0)
    }

    /// The neuron under a device point, if any.
    public static func neuron(at px: Double, _ py: Double, mlp: MLP, box: (Double, Double, Double, Double)) -> NeuronID?
    {
        layout(mlp, box: box).neuron(at: px, py)
    }

    /// The diagram with the defaults of `NetworkStyle` and these choices.
    public static func draw(
        _ c: Canvas, _ mlp: MLP, box: (Double, Double, Double, Double), point: Point2?, highlight: NeuronID?,
        task: LearningTask = .binary
    ) {
        var style = NetworkStyle()
        style.point = point
        style.highlight = highlight
        style.task = task
        draw(c, mlp, box: box, style: style)
    }

    public static func draw(_ c: Canvas, _ mlp: MLP, box: (Double, Double, Double, Double), style: NetworkStyle) {
        drawConnections(c, mlp, box: box, style: style)
        drawFocus(c, mlp, box: box, style: style)
        drawNeurons(c, mlp, box: box, style: style)
    }

    /// The title and every connection above the threshold, as if no neuron were highlighted:
    /// what depends on neither the hovered point nor the hovered neuron, so a view can keep it
    /// while the pointer moves.
    public static func drawConnections(
        _ c: Canvas, _ mlp: MLP, box: (Double, Double, Double, Double), style: NetworkStyle
    ) {
        let L = layout(mlp, box: box, title: style.title != nil)
        if let title = style.title {
            c.color(Palette.ink)
            c.font(size: 17, bold: true)
            c.text(title, box.0, box.1 + 20)
        }
        drawConnections(c, mlp, L, style, focus: nil)
    }

    /// Over `drawConnections`: the other connections veiled and the highlighted neuron's drawn
    /// strong (nothing without a highlight).
    public static func drawFocus(_ c: Canvas, _ mlp: MLP, box: (Double, Double, Double, Double), style: NetworkStyle) {
        guard let n = style.highlight else { return }
        let L = layout(mlp, box: box, title: style.title != nil)
        c.fill(Palette.paper.with(alpha: 0.9), rectangle: box.0, L.titleY + 4, box.2, box.1 + box.3 - L.titleY - 4)
        drawConnections(c, mlp, L, style, focus: n)
    }

    /// The neurons coloured at the point, the column titles, the veil after layer k and the
    /// hovered neuron's panel, over `drawConnections`.
    public static func drawNeurons(_ c: Canvas, _ mlp: MLP, box: (Double, Double, Double, Double), style: NetworkStyle)
    {
        let L = layout(mlp, box: box, title: style.title != nil)
        var values: [[Double]]? = nil
        if let p = style.point, mlp.layers[0].inputs == 2 {
            values = [[p.x, p.y]] + mlp.preActivations(p.x, p.y) + [mlp.outputs(p.x, p.y)]
        }
        drawNeurons(c, L, values, style)
        drawTitles(c, L, style)
        fadeLayers(c, L, box, style)
        if let n = style.highlight, n.layer < L.columns.count {
            NeuronDetails(mlp: mlp, neuron: n, values: values, task: style.task).draw(c, layout: L, box: box)
        }
    }

    /// Connections grouped into a few strengths per sign, each group one stroke: thousands of
    /// lines cost a handful of Cairo strokes. With `focus`, only that neuron's, strong.
    static func drawConnections(
        _ c: Canvas, _ mlp: MLP, _ L: NetworkLayout, _ style: NetworkStyle, focus hl: NeuronID?
    ) {
        let levels = 8
        // Dense diagrams draw every line thinner and fainter, so the picture does not go solid.
        let density = Double(L.columns.map(\.count).max() ?? 1)
        let thin = min(1, (14 / density).squareRoot())
        for l in 0..<mlp.layers.count {
            let layer = mlp.layers[l]
            let maxW = max(layer.weight.map(abs).max() ?? 1, 1e-12)
            let from = L.columns[l]
            let to = L.columns[l + 1]
            let cut = max(style.minWeight, strongestCut(layer.weight.map { abs($0) / maxW }, keep: style.maxLines))
            // [sign][level][touches highlight]
            var paths = [[[[(Double, Double, Double, Double)]]]](
                repeating: [[[(Double, Double, Double, Double)]]](repeating: [[], []], count: levels), count: 2)
            for j in 0..<to.count {
                let b = to.position(j)
                for i in 0..<from.count {
                    let w = layer.w(j, i)
                    let t = abs(w) / maxW
                    let touches =
                        hl.map { ($0.layer == l && $0.index == i) || ($0.layer == l + 1 && $0.index == j) } ?? false
                    guard hl == nil ? t >= cut : touches else { continue }
                    let a = from.position(i)
                    let level = min(levels - 1, Int(t * Double(levels)))
                    paths[w >= 0 ? 0 : 1][level][touches ? 1 : 0].append((a.x, a.y, b.x, b.y))
                }
            }
            for sign in 0..<2 {
                let color = sign == 0 ? RGBA(hex: 0xD6604D) : RGBA(hex: 0x4393C3)
                for level in 0..<levels {
                    let t = (Double(level) + 0.5) / Double(levels)
                    for touching in 0..<2 {
                        let lines = paths[sign][level][touching]
                        guard !lines.isEmpty else { continue }
                        var alpha = (0.1 + 0.55 * t) * (0.4 + 0.6 * thin)
                        var width = (0.4 + 3.2 * t) * thin
                        if hl != nil {
                            alpha = 0.45 + 0.55 * t
                            width = max(width, 0.8 + 2 * t)
                        }
                        for s in lines {
                            c.move(s.0, s.1)
                            c.line(s.2, s.3)
                        }
                        c.color(color.with(alpha: alpha))
                        c.lineWidth(width)
                        c.stroke()
                    }
                }
            }
        }
    }

    /// The |w| fraction above which only `keep` of `fractions` remain (0 when fewer are given).
    static func strongestCut(_ fractions: [Double], keep: Int) -> Double {
        guard fractions.count > keep, keep > 0 else { return 0 }
        return fractions.sorted(by: >)[keep - 1]
    }

    static func drawNeurons(_ c: Canvas, _ L: NetworkLayout, _ values: [[Double]]?, _ style: NetworkStyle) {
        let outputColumn = L.columns.count - 1
        let classes = style.task.classColors
        let winner = values.flatMap { v in v[outputColumn].indices.max { v[outputColumn][$0] < v[outputColumn][$1] } }
        c.font(size: 10.5)
        for (col, column) in L.columns.enumerated() {
            let scale = values.map { max($0[col].map(abs).max() ?? 1, 1e-12) } ?? 1
            for i in 0..<column.count {
                let own = col == outputColumn ? outputColor(style.task, classes, i) : nil
                var fill = values.map { Palette.diverging($0[col][i] / scale) } ?? RGBA(hex: 0xF4F5F7)
                if values == nil, let own { fill = own.mixed(with: Palette.paper, 0.35) }
                if column.compact {
                    let r = column.cellRect(i)
                    c.rect(r.x, r.y, r.side, r.side)
                    c.color(values == nil && own == nil ? RGBA(hex: 0xDCE0E6) : (own ?? fill))
                    c.fill()
                    continue
                }
                let p = column.position(i)
                c.circle(p.x, p.y, L.radius)
                c.color(fill)
                c.fillPreserve()
                // A class neuron's ring is its class colour, thicker for the class that wins at the point.
                let ringWidth = own == nil ? min(1.1, L.radius * 0.4) : (values != nil && winner == i ? 4.2 : 2.6)
                c.lineWidth(ringWidth)
                c.color(own ?? Palette.ink.with(alpha: 0.7))
                c.stroke()
                if own != nil {
                    // A hairline outside the ring keeps a pale class colour visible on white.
                    c.circle(p.x, p.y, L.radius + ringWidth / 2 + 0.4)
                    c.lineWidth(0.8)
                    c.color(Palette.ink.with(alpha: 0.6))
                    c.stroke()
                }
                if col == outputColumn, let name = outputName(style.task, i), L.radius >= 4 {
                    c.color(Palette.ink)
                    c.text(name, p.x + L.radius + 5, p.y + 4)
                }
            }
            if column.compact {
                // Hairlines between the cells once they are large enough to tell apart.
                if column.cell >= 4 {
                    for i in 0..<column.count {
                        let r = column.cellRect(i)
                        c.rect(r.x, r.y, r.side, r.side)
                    }
                    c.color(Palette.paper.with(alpha: 0.8))
                    c.lineWidth(min(1, column.cell * 0.15))
                    c.stroke()
                }
            }
        }
        if let n = style.highlight, n.layer < L.columns.count, n.index < L.columns[n.layer].count {
            // The focus colour, which the region map uses for this neuron's bent hyperplane.
            let column = L.columns[n.layer]
            if column.compact {
                let r = column.cellRect(n.index)
                c.rect(r.x - 1.5, r.y - 1.5, r.side + 3, r.side + 3)
            } else {
                let p = column.position(n.index)
                c.circle(p.x, p.y, max(L.radius + 1.5, 4))
            }
            c.lineWidth(3)
            c.color(Palette.focus)
            c.stroke()
        }
    }

    static func drawTitles(_ c: Canvas, _ L: NetworkLayout, _ style: NetworkStyle) {
        let outputColumn = L.columns.count - 1
        c.font(size: 10.5)
        for (col, column) in L.columns.enumerated() {
            let name =
                col == 0 ? "input" : col == outputColumn ? outputTitle(style.task) : "layer \(col)"
            let wide = column.count > NetworkLayout.maxCircles
            c.color(Palette.mutedInk)
            c.text(wide ? "\(name) (\(column.count))" : name, column.centerX, L.titleY, anchor: .center)
        }
        if let first = L.columns.first, first.count == 2, !first.compact, L.radius >= 4 {
            c.color(Palette.ink)
            let a = first.position(0)
            let b = first.position(1)
            c.text(style.inputLabels.x, a.x - L.radius - 4, a.y + 4, anchor: .right)
            c.text(style.inputLabels.y, b.x - L.radius - 4, b.y + 4, anchor: .right)
        }
    }

    /// Veils the hidden layers after the shown one (and the outputs): the map's partition does
    /// not depend on them.
    static func fadeLayers(
        _ c: Canvas, _ L: NetworkLayout, _ box: (Double, Double, Double, Double), _ style: NetworkStyle
    ) {
        guard let k = style.shownLayers, k + 1 < L.columns.count else { return }
        let left = (L.columns[k].centerX + L.columns[k + 1].centerX) / 2
        c.fill(Palette.paper.with(alpha: 0.72), rectangle: left, box.1, box.0 + box.2 - left, box.3)
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
