/// A class's display colour, sRGB components in [0, 1].
public struct ClassColor: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var r: Double
    public var g: Double
    public var b: Double

    public init(r: Double, g: Double, b: Double) {
        self.r = min(1, max(0, r.isFinite ? r : 0))
        self.g = min(1, max(0, g.isFinite ? g : 0))
        self.b = min(1, max(0, b.isFinite ? b : 0))
    }

    /// Parses `#rrggbb` or `rrggbb`.
    public init?(hex: String) {
        var s = Substring(hex.trimmingCharacters(in: .whitespaces))
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        self.init(
            r: Double((v >> 16) & 0xFF) / 255, g: Double((v >> 8) & 0xFF) / 255, b: Double(v & 0xFF) / 255)
    }

    /// `#rrggbb`, lower case.
    public var hex: String {
        func byte(_ c: Double) -> String {
            let s = String(Int((c * 255).rounded()), radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(r) + byte(g) + byte(b)
    }

    public var description: String { hex }

    /// Rec. 601 luma, as the grey conversion uses.
    public var luma: Double { 0.299 * r + 0.587 * g + 0.114 * b }

    /// Distinct colours for a network whose file names none (Okabe–Ito first, then a spread of hues).
    public static func defaultPalette(count: Int) -> [ClassColor] {
        let base = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"]
        return (0..<count).map { i in
            if i < base.count, let c = ClassColor(hex: base[i]) { return c }
            // Golden-angle hues at medium lightness beyond the eight named colours.
            let h = (Double(i) * 0.381_966).truncatingRemainder(dividingBy: 1) * 6
            let x = 1 - abs(h.truncatingRemainder(dividingBy: 2) - 1)
            let (r, g, b): (Double, Double, Double) =
                h < 1
                ? (1, x, 0) : h < 2 ? (x, 1, 0) : h < 3 ? (0, 1, x) : h < 4 ? (0, x, 1) : h < 5 ? (x, 0, 1) : (1, 0, x)
            return ClassColor(r: 0.15 + 0.7 * r, g: 0.15 + 0.7 * g, b: 0.15 + 0.7 * b)
        }
    }
}
