import Foundation
import NeuralNet

/// A flat overview of many-dimensional data: every point at its coordinates along the two
/// principal components, coloured by its label, the plane's anchors ringed and lettered. The
/// plane picker draws it and finds the point under a click with the same frame.
public struct PointsOverviewRenderer {
    public let coordinates: [[Double]]
    public let colors: [RGBA]
    public let frame: PlotFrame

    /// Lays the points out in the box (x, y, width, height), one unit as long on both axes.
    public init(coordinates: [[Double]], colors: [RGBA], box: (Double, Double, Double, Double)) {
        self.coordinates = coordinates
        self.colors = colors
        let xs = coordinates.map { $0[0] }
        let ys = coordinates.map { $0.count > 1 ? $0[1] : 0 }
        var (x0, x1, y0, y1) = (xs.min() ?? -1, xs.max() ?? 1, ys.min() ?? -1, ys.max() ?? 1)
        let side = max(x1 - x0, y1 - y0, 1e-9)
        let pad = side * 0.06
        // Each axis at least a fifth of the other's extent, so flat data still has room.
        if y1 - y0 < side / 5 { (y0, y1) = ((y0 + y1) / 2 - side / 10, (y0 + y1) / 2 + side / 10) }
        if x1 - x0 < side / 5 { (x0, x1) = ((x0 + x1) / 2 - side / 10, (x0 + x1) / 2 + side / 10) }
        x0 -= pad
        x1 += pad
        y0 -= pad
        y1 += pad
        frame = PlotFrame(domain: Domain(x0: x0, x1: x1, y0: y0, y1: y1), fitting: box.0, box.1, box.2, box.3)
    }

    /// Colours for labels: the model's class colours where a label is a class index, else a
    /// palette over the distinct labels (in their natural order); one colour without labels.
    public static func colors(labels: [String]?, count: Int, classColors: [ClassColor]) -> [RGBA] {
        guard let labels else { return Array(repeating: RGBA(hex: 0x4C6A92), count: count) }
        if !classColors.isEmpty, labels.allSatisfy({ Int($0).map { classColors.indices.contains($0) } ?? false }) {
            return labels.map {
                let c = classColors[Int($0)!]
                return RGBA(c.r, c.g, c.b)
            }
        }
        let distinct = Array(Set(labels)).sorted { a, b in
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
        let palette = ClassColor.defaultPalette(count: distinct.count)
        let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        return labels.map {
            let c = palette[index[$0]!]
            return RGBA(c.r, c.g, c.b)
        }
    }

    /// The row drawn nearest to the device point, if one is within `radius` pixels.
    public func row(near x: Double, _ y: Double, radius: Double = 10) -> Int? {
        var best: Int?
        var bestDistance = radius * radius
        for (i, p) in coordinates.enumerated() {
            let dx = frame.px(p[0]) - x
            let dy = frame.py(p.count > 1 ? p[1] : 0) - y
            let d = dx * dx + dy * dy
            if d <= bestDistance {
                bestDistance = d
                best = i
            }
        }
        return best
    }

    /// The points, then the anchors (rows, lettered A, B, C) and a highlighted row on top.
    public func draw(_ c: Canvas, anchors: [Int], highlighted: Int?) {
        c.fill(RGBA(hex: 0xFAFBFC), rectangle: frame.x, frame.y, frame.width, frame.height)
        let radius = coordinates.count > 5000 ? 1.5 : coordinates.count > 500 ? 2.5 : 3.5
        c.save()
        for (i, p) in coordinates.enumerated() {
            c.circle(frame.px(p[0]), frame.py(p.count > 1 ? p[1] : 0), radius)
            c.color(colors[i].with(alpha: 0.75))
            c.fill()
        }
        c.restore()
        frame.drawAxes(c, xLabel: "principal component 1", yLabel: "principal component 2", fontSize: 10)
        c.save()
        c.font(size: 12, bold: true)
        for (n, r) in anchors.enumerated() where coordinates.indices.contains(r) {
            let (x, y) = (frame.px(coordinates[r][0]), frame.py(coordinates[r].count > 1 ? coordinates[r][1] : 0))
            c.circle(x, y, 8)
            c.color(RGBA(1, 1, 1))
            c.lineWidth(4)
            c.stroke()
            c.circle(x, y, 8)
            c.color(Palette.ink)
            c.lineWidth(2)
            c.stroke()
            let letter = ["A", "B", "C"][n % 3]
            c.fill(RGBA(1, 1, 1, 0.9), rectangle: x + 9, y - 21, c.textWidth(letter) + 6, 16)
            c.color(Palette.ink)
            c.text(letter, x + 12, y - 8)
        }
        if let h = highlighted, coordinates.indices.contains(h) {
            c.circle(frame.px(coordinates[h][0]), frame.py(coordinates[h].count > 1 ? coordinates[h][1] : 0), 6)
            c.color(Palette.boundary)
            c.lineWidth(2)
            c.stroke()
        }
        c.restore()
    }
}
