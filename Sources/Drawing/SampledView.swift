import Foundation
import NeuralNet

/// The fallback when the exact partition is larger than the user allowed: the network evaluated
/// on a grid. Everything drawn from it is labelled "sampled", never passed off as exact.
public struct SampledView: Sendable {
    public let domain: Domain
    public let columns: Int
    public let rows: Int
    /// Output 0 at each sample (the logit of a one-output network), row by row from the top.
    public let logits: [Double]
    /// The network's outputs at each sample, `outputCount` per sample.
    public let outputs: [Double]
    public let outputCount: Int
    /// The index of the largest output at each sample (one output: 1 where z > 0).
    public let winners: [Int]
    public let patternHashes: [RGBA]

    public init(mlp: MLP, domain: Domain, columns: Int = 400) {
        self.domain = domain
        self.columns = columns
        rows = max(1, Int((Double(columns) * domain.height / domain.width).rounded()))
        let k = mlp.outputCount
        outputCount = k
        var out = [Double]()
        var win = [Int]()
        var colours = [RGBA]()
        out.reserveCapacity(columns * rows * k)
        for j in 0..<rows {
            for i in 0..<columns {
                let x = domain.x0 + (Double(i) + 0.5) / Double(columns) * domain.width
                let y = domain.y1 - (Double(j) + 0.5) / Double(rows) * domain.height
                let o = mlp.outputs(x, y)
                out += o
                // The first of equal outputs wins, as in MLP.winner, without a second forward pass.
                win.append(k == 1 ? (o[0] > 0 ? 1 : 0) : o.indices.reduce(0) { o[$1] > o[$0] ? $1 : $0 })
                var words: [UInt64] = []
                var bit = 0
                var word: UInt64 = 0
                for layer in mlp.pattern(x, y) {
                    for b in layer {
                        if b == 1 { word |= 1 << UInt64(bit & 63) }
                        bit += 1
                        if bit & 63 == 0 {
                            words.append(word)
                            word = 0
                        }
                    }
                }
                if bit & 63 != 0 { words.append(word) }
                colours.append(Palette.pattern(words))
            }
        }
        outputs = out
        winners = win
        logits = stride(from: 0, to: out.count, by: k).map { out[$0] }
        patternHashes = colours
    }

    /// The height the sampled surface shows at sample `i`: the largest output for several
    /// outputs, the mean of three (RGB) for regression, else output 0.
    func height(_ i: Int, _ task: LearningTask) -> Double {
        switch task {
        case .classes: return outputs[i * outputCount + winners[i]]
        case .regression(let channels) where channels == 3 && outputCount >= 3:
            return (outputs[3 * i] + outputs[3 * i + 1] + outputs[3 * i + 2]) / 3
        default: return logits[i]
        }
    }

    /// The colour of sample `i` under a region colouring (pattern hash where the mode needs the
    /// exact geometry the sample does not have).
    func color(_ i: Int, mode: RegionColorMode) -> RGBA {
        switch mode {
        case .classTint(let colors):
            return RegionColorMode.tint(RegionMapRenderer.classColor(colors, winners[i]), pattern: patternHashes[i])
        case .reconstruction:
            let o = outputs[(i * outputCount)..<((i + 1) * outputCount)].map { min(1, max(0, $0)) }
            return o.count >= 3 ? RGBA(o[0], o[1], o[2]) : RGBA(o[0], o[0], o[0])
        case .output(let index, let limit):
            return Palette.diverging(outputs[i * outputCount + min(index, outputCount - 1)] / limit)
        default:
            return patternHashes[i]
        }
    }

    public func drawRegions(_ c: Canvas, frame f: PlotFrame, mode: RegionColorMode = .pattern) {
        ImageUnderlay.paint(c, width: columns, height: rows, frame: f) { color($0, mode: mode) }
    }

    /// The predicted class as a light tint (class colours for several outputs), and the changes
    /// of winner between grid cells as the boundary.
    public func drawBoundary(_ c: Canvas, frame f: PlotFrame) {
        let cw = f.width / Double(columns)
        let ch = f.height / Double(rows)
        if outputCount == 1 {
            for j in 0..<rows {
                for i in 0..<columns where winners[j * columns + i] == 1 {
                    c.fill(
                        Palette.boundary.with(alpha: 0.10), rectangle: f.x + Double(i) * cw, f.y + Double(j) * ch,
                        cw + 0.3, ch + 0.3)
                }
            }
        }
        c.color(RegionMapRenderer.boundaryColor(outputs: outputCount))
        for j in 0..<rows {
            for i in 0..<columns {
                let s = winners[j * columns + i]
                if i + 1 < columns, winners[j * columns + i + 1] != s {
                    c.rect(f.x + Double(i + 1) * cw - 1, f.y + Double(j) * ch, 2, ch)
                }
                if j + 1 < rows, winners[(j + 1) * columns + i] != s {
                    c.rect(f.x + Double(i) * cw, f.y + Double(j + 1) * ch - 1, cw, 2)
                }
            }
        }
        c.fill()
    }

    /// A banner that says the figure is sampled.
    public static func label(
        _ c: Canvas, _ text: String, x: Double, y: Double, background: RGBA = RGBA(hex: 0xB00020, alpha: 0.92)
    ) {
        c.save()
        c.font(size: 13, bold: true)
        let w = c.textWidth(text)
        c.fill(background, rectangle: x, y, w + 16, 24)
        c.color(RGBA(1, 1, 1))
        c.text(text, x + 8, y + 17)
        c.restore()
    }
}
