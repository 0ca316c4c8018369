import Foundation
import NeuralNet
import Regions

/// A network's outputs along a line through two points, drawn exactly: each output is a polyline
/// through its values at the breakpoints (it is affine in between), the breakpoints as faint
/// vertical rules, the two points marked at τ = 0 and τ = 1, and a band along the bottom coloured
/// by the winning class (or by the sign of a single output).
public enum SliceRenderer {
    public struct Content {
        public var line: LineSlice
        public var task: LearningTask
        public var title: String
        public var subtitle: String
        /// The names of the points at τ = 0 and τ = 1 ("row 3 (7)").
        public var anchorNames: [String]

        public init(line: LineSlice, task: LearningTask, title: String, subtitle: String, anchorNames: [String]) {
            self.line = line
            self.task = task
            self.title = title
            self.subtitle = subtitle
            self.anchorNames = anchorNames
        }
    }

    public static let width = 900
    public static let height = 560

    /// Output k's curve colour: its class colour, R/G/B for an RGB picture, ink for one output.
    public static func color(output k: Int, of task: LearningTask, outputs: Int) -> RGBA {
        let classes = task.classColors
        if k < classes.count { return RGBA(classes[k].r, classes[k].g, classes[k].b) }
        if case .regression(channels: 3) = task {
            return [RGBA(0.85, 0.1, 0.1), RGBA(0.1, 0.6, 0.1), RGBA(0.1, 0.3, 0.9)][k]
        }
        if outputs == 1 { return Palette.ink }
        let palette = ClassColor.defaultPalette(count: outputs)[k]
        return RGBA(palette.r, palette.g, palette.b)
    }

    /// The figure on a canvas of any size: header, plot, band and legend.
    public static func draw(_ c: Canvas, _ content: Content) {
        RunFigures.header(c, content.title, content.subtitle)
        let legendWidth = 130.0
        plot(c, content, box: (80, 84, c.width - 80 - 30 - legendWidth, c.height - 84 - 70))
        legend(c, content, x: c.width - legendWidth - 10, y: 92)
    }

    /// The plot alone inside `box` (x, y, width, height): the window draws it into its own panel.
    public static func plot(_ c: Canvas, _ content: Content, box: (Double, Double, Double, Double)) {
        let line = content.line
        let (bx, by, bw, bh) = box
        let bandHeight = 12.0
        let plotHeight = bh - bandHeight - 6
        guard bw > 20, plotHeight > 20, let first = line.pieces.first else { return }
        // Values at every breakpoint and both ends: the curves' vertices.
        var taus = [line.tau0] + line.breakpoints + [line.tau1]
        var values = [first.outputs(at: line.tau0)]
        for p in line.pieces { values.append(p.outputs(at: p.tau1)) }
        if taus.count != values.count { taus = Array(taus.prefix(values.count)) }
        let k = first.slopes.count
        var lo = values.flatMap { $0 }.min() ?? 0
        var hi = values.flatMap { $0 }.max() ?? 1
        if k == 1 || content.task.kind == .binary {
            lo = min(lo, 0)
            hi = max(hi, 0)
        }
        if hi - lo < 1e-12 {
            lo -= 1
            hi += 1
        }
        let pad = (hi - lo) * 0.06
        lo -= pad
        hi += pad
        func X(_ t: Double) -> Double { bx + (t - line.tau0) / (line.tau1 - line.tau0) * bw }
        func Y(_ v: Double) -> Double { by + (hi - v) / (hi - lo) * plotHeight }

        c.save()
        c.fill(RGBA(hex: 0xFAFBFC), rectangle: bx, by, bw, plotHeight)
        // Breakpoints: faint rules, fainter when there are many.
        c.lineWidth(1)
        c.color(Palette.layer(0).with(alpha: line.breakpoints.count > 200 ? 0.12 : 0.35))
        for t in line.breakpoints {
            c.move(X(t), by)
            c.line(X(t), by + plotHeight)
        }
        c.stroke()
        if lo < 0 && hi > 0 {
            c.color(Palette.mutedInk.with(alpha: 0.6))
            c.dash([4, 3])
            c.move(bx, Y(0))
            c.line(bx + bw, Y(0))
            c.stroke()
            c.dash([])
        }
        c.rect(bx, by, bw, plotHeight)
        c.clip()
        for j in 0..<k {
            c.color(color(output: j, of: content.task, outputs: k))
            c.lineWidth(2)
            c.polyline(zip(taus, values).map { (X($0.0), Y($0.1[j])) })
            c.stroke()
        }
        c.restore()

        // The winner band: class colours, or for one output dark where it is positive.
        for run in line.winnerRuns {
            let fill: RGBA
            if k == 1 {
                fill = run.winner == 1 ? Palette.ink.with(alpha: 0.8) : RGBA(hex: 0xE3E6EB)
            } else {
                fill = color(output: run.winner, of: content.task, outputs: k)
            }
            c.fill(fill, rectangle: X(run.tau0), by + plotHeight + 6, max(X(run.tau1) - X(run.tau0), 0.5), bandHeight)
        }

        // Axes: τ along the bottom (below the band), the outputs' values at the left.
        c.save()
        c.color(Palette.ink.with(alpha: 0.85))
        c.lineWidth(1)
        c.rect(bx, by, bw, plotHeight)
        c.stroke()
        c.font(size: 11)
        let fs = 11 * c.textScale
        let tauTicks = PlotFrame.ticks(line.tau0, line.tau1)
        for t in tauTicks {
            c.move(X(t), by + bh)
            c.line(X(t), by + bh + 4)
            c.stroke()
            c.text(PlotFrame.label(t, step: PlotFrame.step(of: tauTicks)), X(t), by + bh + 6 + fs, anchor: .center)
        }
        let valueTicks = PlotFrame.ticks(lo, hi)
        for v in valueTicks {
            c.move(bx, Y(v))
            c.line(bx - 4, Y(v))
            c.stroke()
            c.text(PlotFrame.label(v, step: PlotFrame.step(of: valueTicks)), bx - 7, Y(v) + fs * 0.35, anchor: .right)
        }
        c.color(Palette.mutedInk)
        c.text("τ  (A + τ (B − A))", bx + bw / 2, by + bh + 10 + 2.2 * fs, anchor: .center)
        c.text(k == 1 ? "output" : "outputs", bx - 48, by + plotHeight / 2, anchor: .center, rotated: true)
        c.restore()

        // The two points: a marker on the τ axis at 0 and 1, named.
        c.save()
        c.font(size: 11.5, bold: true)
        for (n, t) in [0.0, 1.0].enumerated() where t >= line.tau0 && t <= line.tau1 {
            let x = X(t)
            c.color(Palette.ink.with(alpha: 0.55))
            c.lineWidth(1.2)
            c.dash([2, 3])
            c.move(x, by)
            c.line(x, by + plotHeight)
            c.stroke()
            c.dash([])
            let name = (n == 0 ? "A: " : "B: ") + (n < content.anchorNames.count ? content.anchorNames[n] : "")
            let w = c.textWidth(name)
            let left = min(max(x - w / 2 - 4, bx + 2), bx + bw - w - 10)
            c.fill(RGBA(1, 1, 1, 0.9), rectangle: left, by + 4, w + 8, 17)
            c.color(Palette.ink)
            c.text(name, left + 4, by + 17)
        }
        c.restore()
    }

    private static func legend(_ c: Canvas, _ content: Content, x: Double, y: Double) {
        let k = content.line.pieces.first?.slopes.count ?? 0
        c.save()
        c.font(size: 11)
        for j in 0..<min(k, 24) {
            let top = y + Double(j) * 18
            c.fill(color(output: j, of: content.task, outputs: k), rectangle: x, top + 5, 18, 3)
            c.color(Palette.ink)
            c.text(outputName(j, task: content.task, outputs: k), x + 24, top + 10)
        }
        let notes = [
            "\(content.line.breakpoints.count) kinks (rules)", "band: \(k == 1 ? "output > 0" : "winning class")",
        ]
        for (n, note) in notes.enumerated() {
            c.color(Palette.mutedInk)
            c.text(note, x, y + Double(min(k, 24)) * 18 + 14 + Double(n) * 16)
        }
        c.restore()
    }

    /// "class 2", "R", "output 0"…
    public static func outputName(_ j: Int, task: LearningTask, outputs: Int) -> String {
        switch task {
        case .classes: return "class \(j)"
        case .regression(channels: 3): return ["R", "G", "B"][j]
        case .regression: return "grey"
        case .binary: return outputs == 1 ? "logit" : "output \(j)"
        }
    }
}
