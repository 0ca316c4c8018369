import Foundation

/// The key to "edges by layer": a short line in each hidden layer's colour and "layer l", the
/// names the network view uses.
public enum LayerLegend {
    /// One row per hidden layer from the top-left corner `(x, y)`; returns the height used.
    @discardableResult
    public static func draw(
        _ c: Canvas, layers: Int, x: Double, y: Double, rowHeight: Double = 18, fontSize: Double = 11
    ) -> Double {
        c.save()
        c.font(size: fontSize)
        c.color(Palette.mutedInk)
        c.text("edges", x, y + fontSize)
        for l in 0..<layers {
            let mid = y + rowHeight * Double(l + 1) + rowHeight / 2
            // The same shade the map strokes the layer's edges with.
            c.color(Palette.layer(l).scaled(0.85))
            c.lineWidth(3)
            c.move(x, mid)
            c.line(x + 18, mid)
            c.stroke()
            c.color(Palette.ink)
            c.text("layer \(l + 1)", x + 24, mid + fontSize * 0.35)
        }
        c.restore()
        return rowHeight * Double(layers + 1)
    }
}
