import Foundation

/// One training curve.
public struct Curve {
    public var label: String
    public var values: [Double]
    public var color: RGBA
    public var format: (Double) -> String
    public init(label: String, values: [Double], color: RGBA, format: @escaping (Double) -> String) {
        self.label = label
        self.values = values
        self.color = color
        self.format = format
    }
}

/// Small stacked plots of loss, accuracy and region count per epoch, with the values at a
/// hovered epoch.
public enum CurvesRenderer {
    public static func draw(_ c: Canvas, _ curves: [Curve], box: (Double, Double, Double, Double), hoverEpoch: Int?) {
        let (x, y, w, h) = box
        let gap = 8.0
        let panelH = (h - gap * Double(curves.count - 1)) / Double(max(curves.count, 1))
        for (k, curve) in curves.enumerated() {
            let py = y + Double(k) * (panelH + gap)
            c.fill(RGBA(hex: 0xF6F7F9), rectangle: x, py, w, panelH)
            c.font(size: 10.5)
            c.color(Palette.mutedInk)
            let shownIndex = hoverEpoch.map { min(max($0 - 1, 0), curve.values.count - 1) } ?? (curve.values.count - 1)
            let valueText = curve.values.isEmpty ? "—" : curve.format(curve.values[shownIndex])
            c.text(curve.label, x + 6, py + 13)
            c.color(Palette.ink)
            c.text(valueText, x + w - 6, py + 13, anchor: .right)
            let vs = curve.values.filter(\.isFinite)
            guard vs.count >= 1, let lo = vs.min(), let hi = vs.max() else { continue }
            let span = hi - lo > 0 ? hi - lo : 1
            let top = py + 18
            let bottom = py + panelH - 4
            let n = curve.values.count
            func X(_ i: Int) -> Double { x + 4 + (w - 8) * (n > 1 ? Double(i) / Double(n - 1) : 0.5) }
            func Y(_ v: Double) -> Double { bottom - (bottom - top) * (v - lo) / span }
            c.lineWidth(1.6)
            c.color(curve.color)
            var started = false
            // At most ~2 points per pixel: long runs stay cheap to draw.
            let stride = max(1, n / Int(max(w, 1) * 2))
            for i in Swift.stride(from: 0, to: n, by: stride) where curve.values[i].isFinite {
                if started {
                    c.line(X(i), Y(curve.values[i]))
                } else {
                    c.move(X(i), Y(curve.values[i]))
                    started = true
                }
            }
            if let last = curve.values.last, last.isFinite { c.line(X(n - 1), Y(last)) }
            c.stroke()
            if let e = hoverEpoch, n > 0 {
                let i = min(max(e - 1, 0), n - 1)
                c.color(Palette.ink.with(alpha: 0.35))
                c.lineWidth(1)
                c.move(X(i), top)
                c.line(X(i), bottom)
                c.stroke()
            }
        }
    }

    /// The epoch under a device x coordinate.
    public static func epoch(at px: Double, box: (Double, Double, Double, Double), epochs: Int) -> Int? {
        guard epochs > 0, px >= box.0, px <= box.0 + box.2 else { return nil }
        let t = (px - box.0 - 4) / max(box.2 - 8, 1)
        return min(epochs, max(1, Int((t * Double(epochs - 1)).rounded()) + 1))
    }
}
