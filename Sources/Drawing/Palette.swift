import Foundation

/// The colours of nnviz's figures.
public enum Palette {
    public static let ink = RGBA(hex: 0x1F2430)
    public static let mutedInk = RGBA(hex: 0x5C6370)
    public static let grid = RGBA(hex: 0xD5D9E0)
    public static let boundary = RGBA(hex: 0xE4572E)
    public static let paper = RGBA(1, 1, 1)
    /// The one neuron in focus: its ring in the network view and its bent hyperplane in the map.
    /// A saturated cyan (no red at all) is far from the boundary's red, the layer and class
    /// colours and the colour scales, and no pattern colour reaches it (their channels stay
    /// above 90/255); magenta was not free: a 12-class palette has one.
    public static let focus = RGBA(hex: 0x00C8FF)

    /// A stable colour for an activation pattern: FNV-1a over the pattern's bits picks a hue,
    /// a saturation and a lightness from pleasant ranges. The same pattern gets the same colour in
    /// every epoch, run and export.
    public static func pattern<C: Collection>(_ words: C) -> RGBA where C.Element == UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for w in words {
            for shift in stride(from: 0, to: 64, by: 8) {
                h ^= (w >> UInt64(shift)) & 0xFF
                h = h &* 0x0000_0100_0000_01B3
            }
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        let hue = Double(h % 360)
        let sat = 0.42 + Double((h >> 16) % 100) / 100 * 0.28
        let light = 0.62 + Double((h >> 32) % 100) / 100 * 0.16
        return hsl(hue, sat, light)
    }

    public static func hsl(_ h: Double, _ s: Double, _ l: Double) -> RGBA {
        let c = (1 - abs(2 * l - 1)) * s
        let hp = h / 60
        let x = c * (1 - abs(hp.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double)
        switch hp {
        case ..<1: (r, g, b) = (c, x, 0)
        case ..<2: (r, g, b) = (x, c, 0)
        case ..<3: (r, g, b) = (0, c, x)
        case ..<4: (r, g, b) = (0, x, c)
        case ..<5: (r, g, b) = (x, 0, c)
        default: (r, g, b) = (c, 0, x)
        }
        let m = l - c / 2
        return RGBA(r + m, g + m, b + m)
    }

    /// Viridis, sampled: a perceptually uniform sequential map for slope norms.
    static let viridisStops: [UInt32] = [
        0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725,
    ]
    public static func sequential(_ t: Double) -> RGBA { ramp(viridisStops, t) }

    /// Blue – white – red for signed values (t in −1…1).
    static let divergingStops: [UInt32] = [
        0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B,
    ]
    public static func diverging(_ t: Double) -> RGBA { ramp(divergingStops, (t + 1) / 2) }

    private static func ramp(_ stops: [UInt32], _ t: Double) -> RGBA {
        let u = min(1, max(0, t.isFinite ? t : 0)) * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(u))
        return RGBA(hex: stops[i]).mixed(with: RGBA(hex: stops[i + 1]), u - Double(i))
    }

    /// Distinct colours for the edges of each hidden layer (Tableau 10).
    static let layerStops: [UInt32] = [
        0x4E79A7, 0xF28E2B, 0x59A14F, 0xB07AA1, 0x76B7B2, 0xEDC948, 0xFF9DA7, 0x9C755F, 0xE15759, 0xBAB0AC,
    ]
    public static func layer(_ l: Int) -> RGBA { RGBA(hex: layerStops[l % layerStops.count]) }
}
