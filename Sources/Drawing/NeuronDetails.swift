import Foundation
import NeuralNet

/// What the network view tells about one neuron: which it is, its bias and pre-activation at the
/// point, and its incoming weights as a bar strip with the strongest few named. Drawn as a panel
/// in the corner of the diagram away from the neuron.
public struct NeuronDetails {
    public var neuron: NeuronID
    public var title: String
    /// "bias +0.12 · at the point −0.45".
    public var summary: String?
    /// Incoming weights in input order (empty for an input).
    public var weights: [Double]
    /// "largest |w|: #7 +1.2, #3 −0.98, #40 +0.77".
    public var strongest: String?

    public init(mlp: MLP, neuron n: NeuronID, values: [[Double]]?, task: LearningTask) {
        neuron = n
        let depth = mlp.hiddenLayerCount
        let isOutput = n.layer == depth + 1
        if n.layer == 0 {
            title = mlp.layers[0].inputs == 2 ? "input \(n.index == 0 ? "x" : "y")" : "input \(n.index)"
            summary = values.map { "value \(Self.number($0[0][n.index]))" }
            weights = []
            strongest = nil
            return
        }
        if isOutput {
            switch task {
            case .binary: title = "output (the logit z)"
            case .classes: title = "output \(n.index) (class \(n.index))"
            case .regression(let channels):
                title = channels == 3 ? "output \(["R", "G", "B"][min(n.index, 2)])" : "output (grey level)"
            }
        } else {
            title = "neuron \(n.index) of layer \(n.layer)"
        }
        let layer = mlp.layers[n.layer - 1]
        weights = (0..<layer.inputs).map { layer.w(n.index, $0) }
        var s = "bias \(Self.signed(layer.bias[n.index]))"
        if let v = values { s += " · \(isOutput ? "value" : "pre-act.") \(Self.signed(v[n.layer][n.index])) here" }
        summary = s
        let order = weights.indices.sorted { abs(weights[$0]) > abs(weights[$1]) }
        let source = n.layer == 1 && layer.inputs == 2 ? ["x", "y"] : nil
        strongest =
            (weights.count > 3 ? "top |w|: " : "weights: ")
            + order.prefix(3).map { "\(source?[$0] ?? "#\($0)") \(Self.signed(weights[$0]))" }.joined(separator: ", ")
    }

    static func number(_ v: Double) -> String { String(format: "%.3g", v) }
    static func signed(_ v: Double) -> String { v < 0 ? "−\(number(-v))" : "+\(number(v))" }

    /// The panel at the bottom of `box`, on the side away from the neuron's column.
    public func draw(_ c: Canvas, layout L: NetworkLayout, box: (Double, Double, Double, Double)) {
        let line = 13 * c.textScale
        let pad = 6.0
        c.font(size: 10.5, bold: true)
        var textWidth = c.textWidth(title)
        c.font(size: 10)
        for s in [summary, strongest].compactMap({ $0 }) { textWidth = max(textWidth, c.textWidth(s)) }
        let width = min(max(textWidth + 2 * pad + 8, weights.isEmpty ? 0 : 160), box.2)
        let rows = 1 + (summary == nil ? 0 : 1) + (strongest == nil ? 0 : 1)
        let chart = weights.isEmpty ? 0 : 26.0
        let height = pad * 2 + Double(rows) * line + chart + (chart > 0 ? 4 : 0)
        let columnX = L.columns[min(neuron.layer, L.columns.count - 1)].centerX
        let x = columnX < box.0 + box.2 / 2 ? box.0 + box.2 - width : box.0
        let y = box.1 + box.3 - height
        c.fill(Palette.paper.with(alpha: 0.94), rectangle: x, y, width, height)
        c.rect(x + 0.5, y + 0.5, width - 1, height - 1)
        c.lineWidth(1.2)
        c.color(Palette.focus)
        c.stroke()
        c.save()
        c.rect(x, y, width, height)
        c.clip()
        var ty = y + pad + line * 0.8
        c.font(size: 10.5, bold: true)
        c.color(Palette.ink)
        c.text(title, x + pad, ty)
        c.font(size: 10)
        if let summary {
            ty += line
            c.text(summary, x + pad, ty)
        }
        if !weights.isEmpty {
            drawWeights(c, x: x + pad, y: ty + 4, width: width - 2 * pad, height: chart)
            ty += chart + 4
        }
        if let strongest {
            ty += line
            c.color(Palette.mutedInk)
            c.text(strongest, x + pad, ty)
        }
        c.restore()
    }

    /// The incoming weights as bars about a middle line (up positive, red; down negative, blue),
    /// scaled to the largest |w|; beyond one pixel per bar they become a strip of cells.
    func drawWeights(_ c: Canvas, x: Double, y: Double, width: Double, height: Double) {
        let maxW = max(weights.map(abs).max() ?? 1, 1e-12)
        let step = width / Double(weights.count)
        let mid = y + height / 2
        c.fill(Palette.grid.with(alpha: 0.5), rectangle: x, mid - 0.25, width, 0.5)
        for (i, w) in weights.enumerated() {
            let t = w / maxW
            let color = w >= 0 ? RGBA(hex: 0xD6604D) : RGBA(hex: 0x4393C3)
            let bx = x + Double(i) * step
            let bw = max(step - (step > 3 ? 1 : 0), 0.6)
            let bh = abs(t) * (height / 2 - 1)
            c.fill(color, rectangle: bx, w >= 0 ? mid - bh : mid, bw, max(bh, 0.5))
        }
    }
}
