import Foundation
import NeuralNet

/// The key to class colours: a swatch, "class i" and the colour's hex per class.
public enum ClassLegend {
    /// One row per class from the top-left corner `(x, y)`; returns the height used.
    @discardableResult
    public static func draw(
        _ c: Canvas, _ colors: [ClassColor], x: Double, y: Double, rowHeight: Double = 19, fontSize: Double = 11,
        tinted: Bool = false
    ) -> Double {
        c.save()
        c.font(size: fontSize)
        for (k, color) in colors.enumerated() {
            let top = y + Double(k) * rowHeight
            let full = RGBA(color.r, color.g, color.b)
            let swatch = tinted ? full.mixed(with: Palette.paper, 0.42) : full
            c.fill(swatch, rectangle: x, top, 14, 14)
            c.lineWidth(1)
            c.color(full.scaled(0.7))
            c.rect(x + 0.5, top + 0.5, 13, 13)
            c.stroke()
            c.color(Palette.ink)
            c.text("class \(k)", x + 20, top + 11)
            c.color(Palette.mutedInk)
            c.text(color.hex, x + 20 + c.textWidth("class 00 "), top + 11)
        }
        c.restore()
        return Double(colors.count) * rowHeight
    }

    /// Width of the legend's widest row.
    public static func width(_ c: Canvas, fontSize: Double = 11) -> Double {
        c.save()
        c.font(size: fontSize)
        let w = 20 + c.textWidth("class 00 ") + c.textWidth("#000000")
        c.restore()
        return w
    }
}
