import NeuralNet

/// A labelled point on a figure: the three data points a plane through a many-input network was
/// laid through, so that the regions can be read against them.
public struct AnchorMarker: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var label: String

    public init(x: Double, y: Double, label: String) {
        self.x = x
        self.y = y
        self.label = label
    }

    /// A white-ringed dark dot with its label on a light backing, legible on any region colour.
    public static func draw(_ c: Canvas, _ markers: [AnchorMarker], frame f: PlotFrame) {
        c.save()
        c.rect(f.x, f.y, f.width, f.height)
        c.clip()
        c.font(size: 12, bold: true)
        for m in markers {
            let (px, py) = (f.px(m.x), f.py(m.y))
            c.circle(px, py, 6)
            c.color(RGBA(1, 1, 1))
            c.fill()
            c.circle(px, py, 4)
            c.color(RGBA(0.08, 0.08, 0.08))
            c.fill()
            let w = c.textWidth(m.label)
            c.fill(RGBA(1, 1, 1, 0.85), rectangle: px + 8, py - 20, w + 8, 17)
            c.color(RGBA(0.08, 0.08, 0.08))
            c.text(m.label, px + 12, py - 7)
        }
        c.restore()
    }
}
