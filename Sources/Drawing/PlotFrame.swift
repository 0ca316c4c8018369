import Foundation
import NeuralNet

/// Maps a domain rectangle onto a device rectangle, keeping the aspect ratio (one unit of x is
/// as long as one unit of y), with y pointing up.
public struct PlotFrame: Sendable {
    public let domain: Domain
    /// The device rectangle the domain fills.
    public let x, y, width, height: Double

    /// Fits `domain` centred inside the device box `(bx, by, bw, bh)`.
    public init(domain: Domain, fitting bx: Double, _ by: Double, _ bw: Double, _ bh: Double) {
        self.domain = domain
        let s = min(bw / domain.width, bh / domain.height)
        width = domain.width * s
        height = domain.height * s
        x = bx + (bw - width) / 2
        y = by + (bh - height) / 2
    }

    @inline(__always) public func px(_ u: Double) -> Double { x + (u - domain.x0) / domain.width * width }
    @inline(__always) public func py(_ v: Double) -> Double { y + (domain.y1 - v) / domain.height * height }
    /// Device → domain.
    public func domainPoint(_ dx: Double, _ dy: Double) -> (Double, Double) {
        (domain.x0 + (dx - x) / width * domain.width, domain.y1 - (dy - y) / height * domain.height)
    }

    /// Axes with "nice" ticks in domain units along the bottom and left edges, and a frame.
    public func drawAxes(_ c: Canvas, xLabel: String = "x", yLabel: String = "y", fontSize: Double = 12) {
        // Offsets follow the text as drawn (the window's projector scale multiplies the font).
        let fs = fontSize * c.textScale
        c.save()
        c.color(Palette.ink.with(alpha: 0.85))
        c.lineWidth(1)
        c.rect(x, y, width, height)
        c.stroke()
        c.font(size: fontSize)
        let xTicks = Self.ticks(domain.x0, domain.x1)
        for t in xTicks {
            let X = px(t)
            c.move(X, y + height)
            c.line(X, y + height + 5)
            c.stroke()
            c.text(Self.label(t, step: Self.step(of: xTicks)), X, y + height + 7 + fs, anchor: .center)
        }
        let yTicks = Self.ticks(domain.y0, domain.y1)
        var widest = 0.0
        for t in yTicks {
            let Y = py(t)
            c.move(x, Y)
            c.line(x - 5, Y)
            c.stroke()
            let l = Self.label(t, step: Self.step(of: yTicks))
            widest = max(widest, c.textWidth(l))
            c.text(l, x - 8, Y + fs * 0.35, anchor: .right)
        }
        c.color(Palette.mutedInk)
        c.text(xLabel, x + width / 2, y + height + 12 + 2.2 * fs, anchor: .center)
        // Clear of the widest tick label (zoomed-in labels carry more digits).
        let yLabelX = min(x - 14 - 3.2 * fs, x - 8 - widest - 0.9 * fs)
        c.text(yLabel, yLabelX, y + height / 2, anchor: .center, rotated: true)
        c.restore()
    }

    /// About five round-numbered ticks covering [lo, hi].
    public static func ticks(_ lo: Double, _ hi: Double, target: Double = 5) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [] }
        let raw = (hi - lo) / target
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var out: [Double] = []
        var t = ceil(lo / step - 1e-9) * step
        while t <= hi + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// The spacing of evenly spaced ticks (0 for fewer than two).
    public static func step(of ticks: [Double]) -> Double { ticks.count > 1 ? ticks[1] - ticks[0] : 0 }

    /// A tick label with as many digits as the tick spacing `step` needs, so neighbouring ticks
    /// never read the same however far the view is zoomed in. Spacings of a thousandth or more
    /// read exactly as `label(_:)` (the figures at normal zoom are unchanged).
    public static func label(_ v: Double, step: Double) -> String {
        guard step > 0, step.isFinite, v.isFinite, v != 0 else { return label(v) }
        let e = Int(floor(log10(step) + 1e-9))
        let mantissa = step / pow(10, Double(e))
        // 2.5·10^e needs one digit more than 10^e, 2·10^e or 5·10^e.
        let extra = abs(mantissa - mantissa.rounded()) > 1e-6 ? 1 : 0
        let decimals = max(0, -e) + extra
        let big = abs(v) >= 1e4
        if decimals <= 3 && !big && abs(v) >= 1e-3 { return label(v) }
        if decimals <= 6 && !big {
            var s = String(format: "%.\(decimals)f", v)
            while s.contains("."), s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s
        }
        // Scientific: as many significant digits as separate v from its neighbours.
        let digits = max(1, Int(floor(log10(abs(v)))) - e + extra)
        return String(format: "%.\(digits)e", v)
    }

    public static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        if abs(v) >= 1e4 || abs(v) < 1e-3 { return String(format: "%.1e", v) }
        var s = String(format: "%.3f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// A vertical colour bar with a label and ticks.
public struct ColorBar {
    public var low: Double
    public var high: Double
    public var label: String
    public var color: (Double) -> RGBA  // t in 0…1

    public init(low: Double, high: Double, label: String, color: @escaping (Double) -> RGBA) {
        self.low = low
        self.high = high
        self.label = label
        self.color = color
    }

    public func draw(_ c: Canvas, x: Double, y: Double, width: Double, height: Double, fontSize: Double = 11) {
        let steps = 128
        for i in 0..<steps {
            let t = Double(i) / Double(steps - 1)
            c.fill(
                color(t), rectangle: x, y + height * (1 - Double(i + 1) / Double(steps)), width,
                height / Double(steps) + 0.6)
        }
        c.save()
        c.color(Palette.ink.with(alpha: 0.8))
        c.lineWidth(0.8)
        c.rect(x, y, width, height)
        c.stroke()
        c.font(size: fontSize)
        let ticks = PlotFrame.ticks(low, high, target: 5)
        for t in ticks {
            let Y = y + height * (1 - (t - low) / (high - low))
            c.move(x + width, Y)
            c.line(x + width + 4, Y)
            c.stroke()
            c.text(PlotFrame.label(t, step: PlotFrame.step(of: ticks)), x + width + 7, Y + fontSize * 0.35)
        }
        c.color(Palette.mutedInk)
        c.text(label, x + width + 12 + 4.2 * fontSize, y + height / 2, anchor: .center, rotated: true)
        c.restore()
    }
}

extension PlotFrame {
    /// Draws `body` clipped to the plot area, so nothing spills over the axes.
    public func clipped(_ c: Canvas, _ body: () -> Void) {
        c.save()
        c.rect(x, y, width, height)
        c.clip()
        body()
        c.restore()
    }
}
