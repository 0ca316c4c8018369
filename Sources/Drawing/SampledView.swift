import Foundation
import NeuralNet

/// The fallback when the exact partition is larger than the user allowed: the network evaluated
/// on a grid. Everything drawn from it is labelled "sampled", never passed off as exact.
public struct SampledView: Sendable {
    public let domain: Domain
    public let columns: Int
    public let rows: Int
    public let logits: [Double]
    public let patternHashes: [RGBA]

    public init(mlp: MLP, domain: Domain, columns: Int = 400) {
        self.domain = domain
        self.columns = columns
        rows = max(1, Int((Double(columns) * domain.height / domain.width).rounded()))
        var z = [Double]()
        var colours = [RGBA]()
        z.reserveCapacity(columns * rows)
        for j in 0..<rows {
            for i in 0..<columns {
                let x = domain.x0 + (Double(i) + 0.5) / Double(columns) * domain.width
                let y = domain.y1 - (Double(j) + 0.5) / Double(rows) * domain.height
                z.append(mlp.logit(x, y))
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
        logits = z
        patternHashes = colours
    }

    public func drawRegions(_ c: Canvas, frame f: PlotFrame) {
        let cw = f.width / Double(columns)
        let ch = f.height / Double(rows)
        for j in 0..<rows {
            for i in 0..<columns {
                c.fill(
                    patternHashes[j * columns + i], rectangle: f.x + Double(i) * cw, f.y + Double(j) * ch, cw + 0.4,
                    ch + 0.4)
            }
        }
    }

    /// The predicted class as a light tint, and the sign changes between grid cells as the boundary.
    public func drawBoundary(_ c: Canvas, frame f: PlotFrame) {
        let cw = f.width / Double(columns)
        let ch = f.height / Double(rows)
        for j in 0..<rows {
            for i in 0..<columns where logits[j * columns + i] > 0 {
                c.fill(
                    Palette.boundary.with(alpha: 0.10), rectangle: f.x + Double(i) * cw, f.y + Double(j) * ch, cw + 0.3,
                    ch + 0.3)
            }
        }
        c.color(Palette.boundary)
        for j in 0..<rows {
            for i in 0..<columns {
                let s = logits[j * columns + i] > 0
                if i + 1 < columns, (logits[j * columns + i + 1] > 0) != s {
                    c.rect(f.x + Double(i + 1) * cw - 1, f.y + Double(j) * ch, 2, ch)
                }
                if j + 1 < rows, (logits[(j + 1) * columns + i] > 0) != s {
                    c.rect(f.x + Double(i) * cw, f.y + Double(j + 1) * ch - 1, cw, 2)
                }
            }
        }
        c.fill()
    }

    /// A banner that says the figure is sampled.
    public static func label(_ c: Canvas, _ text: String, x: Double, y: Double) {
        c.save()
        c.font(size: 13, bold: true)
        let w = c.textWidth(text)
        c.fill(RGBA(hex: 0xB00020, alpha: 0.92), rectangle: x, y, w + 16, 24)
        c.color(RGBA(1, 1, 1))
        c.text(text, x + 8, y + 17)
        c.restore()
    }
}
