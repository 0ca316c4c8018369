import Foundation

/// One training curve, with the held-out pixels' values beside the training ones when a share
/// is held out.
public struct Curve {
    public var label: String
    public var values: [Double]
    /// The same quantity on the held-out pixels (drawn dashed); nil without a test share.
    public var test: [Double]?
    public var color: RGBA
    public var format: (Double) -> String
    /// Values on a log₁₀ axis (a loss spans decades; one early spike flattens a linear plot).
    public var logScale = false

    public init(
        label: String, values: [Double], test: [Double]? = nil, color: RGBA, format: @escaping (Double) -> String
    ) {
        self.label = label
        self.values = values
        self.test = test
        self.color = color
        self.format = format
    }
}

/// Small stacked plots of loss, accuracy and region count per epoch: each with its range on a
/// y axis, epochs along the bottom, the values at a hovered or scrubbed epoch and a marker there.
public enum CurvesRenderer {
    /// Room on the left for the y-axis labels.
    static let axisWidth = 34.0

    public static func draw(
        _ c: Canvas, _ curves: [Curve], box: (Double, Double, Double, Double), hoverEpoch: Int?,
        epochs: ClosedRange<Int>? = nil
    ) {
        let (x, y, w, h0) = box
        let gap = 8.0
        let footer = epochs == nil ? 0 : 13.0
        let h = h0 - footer
        let panelH = (h - gap * Double(curves.count - 1)) / Double(max(curves.count, 1))
        let plotX = x + axisWidth
        let plotW = w - axisWidth
        for (k, curve) in curves.enumerated() {
            let py = y + Double(k) * (panelH + gap)
            c.fill(RGBA(hex: 0xF6F7F9), rectangle: x, py, w, panelH)
            c.font(size: 10.5)
            c.color(Palette.mutedInk)
            let n = curve.values.count
            let shownIndex = hoverEpoch.map { min(max($0 - 1, 0), n - 1) } ?? (n - 1)
            var valueText = n == 0 ? "—" : curve.format(curve.values[shownIndex])
            if let test = curve.test, shownIndex >= 0, shownIndex < test.count, test[shownIndex].isFinite {
                valueText += " · held out " + curve.format(test[shownIndex])
            }
            c.text(curve.label + (curve.logScale ? " (log)" : ""), x + 6, py + 13)
            c.color(Palette.ink)
            c.text(valueText, x + w - 6, py + 13, anchor: .right)
            let t: (Double) -> Double = curve.logScale ? { $0 > 0 ? log10($0) : .nan } : { $0 }
            let all = (curve.values + (curve.test ?? [])).map(t).filter(\.isFinite)
            guard let lo = all.min(), let hi = all.max() else { continue }
            let span = hi - lo > 0 ? hi - lo : 1
            let top = py + 20
            let bottom = py + panelH - 4
            func X(_ i: Int) -> Double { plotX + 2 + (plotW - 6) * (n > 1 ? Double(i) / Double(n - 1) : 0.5) }
            func Y(_ v: Double) -> Double { bottom - (bottom - top) * (t(v) - lo) / span }
            yAxis(c, curve, lo: lo, hi: hi, x: x, top: top, bottom: bottom)
            series(c, curve.values, X, Y, color: curve.color, width: plotW, dashed: false)
            if let test = curve.test { series(c, test, X, Y, color: curve.color, width: plotW, dashed: true) }
            if let e = hoverEpoch, n > 0 {
                let i = min(max(e - 1, 0), n - 1)
                c.color(Palette.ink.with(alpha: 0.45))
                c.lineWidth(1)
                c.move(X(i), top)
                c.line(X(i), bottom)
                c.stroke()
            }
        }
        if let epochs, !curves.isEmpty {
            c.font(size: 9.5)
            c.color(Palette.mutedInk)
            let base = y + h0 - 2
            c.text("epoch \(epochs.lowerBound)", plotX + 2, base)
            c.text("\(epochs.upperBound)", x + w - 4, base, anchor: .right)
        }
    }

    /// The range's ends on the left, in the curve's own format (and its scale).
    private static func yAxis(
        _ c: Canvas, _ curve: Curve, lo: Double, hi: Double, x: Double, top: Double, bottom: Double
    ) {
        let value: (Double) -> Double = curve.logScale ? { pow(10, $0) } : { $0 }
        c.font(size: 9)
        c.color(Palette.mutedInk)
        c.text(short(value(hi)), x + axisWidth - 4, top + 7, anchor: .right)
        c.text(short(value(lo)), x + axisWidth - 4, bottom, anchor: .right)
        c.color(Palette.grid)
        c.lineWidth(1)
        c.move(x + axisWidth, top)
        c.line(x + axisWidth, bottom)
        c.stroke()
    }

    /// A compact number for a narrow axis: 0.0123, 1.2e-05, 98.5, 12k.
    static func short(_ v: Double) -> String {
        let a = abs(v)
        if a >= 10_000 { return String(format: "%.0fk", v / 1000) }
        if a >= 100 || a == 0 { return String(format: "%.0f", v) }
        if a >= 1 { return String(format: "%.3g", v) }
        if a >= 0.001 { return String(format: "%.2g", v) }
        return String(format: "%.0e", v)
    }

    /// At most ~2 points per pixel, so long runs stay cheap to draw; gaps where values are missing.
    private static func series(
        _ c: Canvas, _ values: [Double], _ X: (Int) -> Double, _ Y: (Double) -> Double, color: RGBA, width: Double,
        dashed: Bool
    ) {
        let n = values.count
        c.save()
        c.lineWidth(dashed ? 1.3 : 1.6)
        c.color(dashed ? color.with(alpha: 0.75) : color)
        if dashed { c.dash([4, 3]) }
        var started = false
        let stride = max(1, n / Int(max(width, 1) * 2))
        for i in Swift.stride(from: 0, to: n, by: stride) {
            let y = Y(values[i])
            guard y.isFinite else {
                started = false
                continue
            }
            if started { c.line(X(i), y) } else { c.move(X(i), y) }
            started = true
        }
        if started, let last = values.last, Y(last).isFinite { c.line(X(n - 1), Y(last)) }
        c.stroke()
        c.restore()
    }

    /// The epoch under a device x coordinate.
    public static func epoch(at px: Double, box: (Double, Double, Double, Double), epochs: Int) -> Int? {
        let x0 = box.0 + axisWidth
        guard epochs > 0, px >= x0, px <= box.0 + box.2 else { return nil }
        let t = (px - x0 - 2) / max(box.2 - axisWidth - 6, 1)
        return min(epochs, max(1, Int((t * Double(epochs - 1)).rounded()) + 1))
    }
}
