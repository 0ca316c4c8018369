import Foundation
import NeuralNet
import Regions

/// How regions are coloured.
public enum RegionColorMode: Sendable, Equatable {
    /// A stable hash of the activation pattern.
    case pattern
    /// ‖(a, b)‖ on a sequential map from 0 to `max`.
    case slope(max: Double)
    /// The logit at the region's centroid on a diverging map over ±`limit`.
    case logit(limit: Double)

    /// The natural range for a partition: the 98th percentile, so one steep sliver does not wash
    /// out the map.
    public static func slope(for p: Partition) -> RegionColorMode {
        .slope(max: percentile(p.logits.map(\.slopeNorm), 0.98))
    }

    public static func logit(for p: Partition) -> RegionColorMode {
        .logit(limit: percentile(p.vertexLogit.map(abs), 0.98))
    }

    static func percentile(_ v: [Double], _ q: Double) -> Double {
        let s = v.filter(\.isFinite).sorted()
        guard !s.isEmpty else { return 1 }
        let x = s[min(s.count - 1, Int(q * Double(s.count - 1)))]
        return x > 0 ? x : (s.last! > 0 ? s.last! : 1)
    }

    public var colorBar: ColorBar? {
        switch self {
        case .pattern: return nil
        case .slope(let m): return ColorBar(low: 0, high: m, label: "slope ‖∇z‖", color: Palette.sequential)
        case .logit(let l):
            return ColorBar(low: -l, high: l, label: "logit z", color: { Palette.diverging(2 * $0 - 1) })
        }
    }
}

public struct RegionMapStyle: Sendable {
    public var colorMode: RegionColorMode = .pattern
    public var showEdges = true
    public var edgesByLayer = false
    public var edgeWidth = 0.6
    public var showBoundary = true
    public var boundaryWidth = 2.4
    public var faceOpacity = 1.0
    /// Pixel output only: regions filled without antialiasing, which tile without seams and
    /// need no hairline per region (about ten times faster at 50 000 regions). Vector figures
    /// keep antialiased fills.
    public var pixelExactFills = false
    public init() {}
}

/// Draws the exact partition: filled regions, their edges, and the decision boundary.
public enum RegionMapRenderer {
    public static func color(of face: Int, in p: Partition, mode: RegionColorMode) -> RGBA {
        switch mode {
        case .pattern:
            return Palette.pattern(p.patternWords(face))
        case .slope(let m):
            return Palette.sequential(p.logits[face].slopeNorm / m)
        case .logit(let l):
            let c = p.centroid(face)
            return Palette.diverging(p.logits[face](c.x, c.y) / l)
        }
    }

    public static func draw(_ c: Canvas, _ p: Partition, frame f: PlotFrame, style: RegionMapStyle = RegionMapStyle()) {
        c.save()
        c.rect(f.x, f.y, f.width, f.height)
        c.clip()
        if style.pixelExactFills { c.antialias(false) }
        for face in 0..<p.faceCount {
            let idx = p.vertexIndices(face)
            c.move(f.px(p.vertexX[idx[0]]), f.py(p.vertexY[idx[0]]))
            for v in idx.dropFirst() { c.line(f.px(p.vertexX[v]), f.py(p.vertexY[v])) }
            c.close()
            c.color(color(of: face, in: p, mode: style.colorMode).with(alpha: style.faceOpacity))
            if style.pixelExactFills {
                c.fill()
            } else {
                // A hairline of the fill colour hides antialiasing seams between neighbouring regions.
                c.fillPreserve()
                c.lineWidth(0.35)
                c.stroke()
            }
        }
        if style.pixelExactFills { c.antialias(true) }
        if style.showEdges { drawEdges(c, p, frame: f, style: style) }
        if style.showBoundary { drawBoundary(c, p.boundary, frame: f, width: style.boundaryWidth) }
        c.restore()
    }

    public static func drawEdges(_ c: Canvas, _ p: Partition, frame f: PlotFrame, style: RegionMapStyle) {
        c.lineWidth(style.edgeWidth)
        if style.edgesByLayer {
            var byLayer: [Int: [Int]] = [:]
            for e in p.edges {
                if case .neuron(let layer, _) = p.edgeSource(e) { byLayer[layer, default: []].append(e) }
            }
            for (layer, edges) in byLayer.sorted(by: { $0.key < $1.key }) {
                for e in edges { segment(c, p, e, f) }
                c.color(Palette.layer(layer).scaled(0.85).with(alpha: 0.9))
                c.stroke()
            }
        } else {
            for e in p.edges where p.edgeSource(e) != .border { segment(c, p, e, f) }
            c.color(Palette.ink.with(alpha: 0.45))
            c.stroke()
        }
    }

    private static func segment(_ c: Canvas, _ p: Partition, _ e: Int, _ f: PlotFrame) {
        let (a, b) = p.edgeEndpoints(e)
        c.move(f.px(p.vertexX[a]), f.py(p.vertexY[a]))
        c.line(f.px(p.vertexX[b]), f.py(p.vertexY[b]))
    }

    /// The decision boundary: a white casing under the line keeps it readable on any colour.
    public static func drawBoundary(
        _ c: Canvas, _ lines: [[Point]], frame f: PlotFrame, width: Double, color: RGBA = Palette.boundary
    ) {
        for (w, col) in [(width + 2.2, RGBA(1, 1, 1, 0.9)), (width, color)] {
            c.lineWidth(w)
            for line in lines {
                c.polyline(line.map { (f.px($0.x), f.py($0.y)) })
            }
            c.color(col)
            c.stroke()
        }
    }
}

/// Draws a grey image (or its labels) stretched over the plot frame, pixel-exact.
public enum ImageUnderlay {
    public static func draw(
        _ c: Canvas, _ image: GreyImage, frame f: PlotFrame, labels: [Float]? = nil, opacity: Double = 1
    ) {
        let cw = f.width / Double(image.width)
        let ch = f.height / Double(image.height)
        c.save()
        c.antialias(false)  // pixel cells must meet without hairline seams
        // Runs of equal value on a row become one rectangle: fewer shapes in vector output.
        for j in 0..<image.height {
            var i = 0
            while i < image.width {
                let v = value(image, labels, i, j)
                var k = i + 1
                while k < image.width && value(image, labels, k, j) == v { k += 1 }
                if v < 0.999 {
                    let g = v
                    c.fill(
                        RGBA(g, g, g, opacity), rectangle: f.x + Double(i) * cw, f.y + Double(j) * ch,
                        Double(k - i) * cw + 0.3, ch + 0.3)
                }
                i = k
            }
        }
        c.restore()
    }

    @inline(__always)
    private static func value(_ img: GreyImage, _ labels: [Float]?, _ i: Int, _ j: Int) -> Double {
        if let labels { return labels[j * img.width + i] > 0.5 ? 0.72 : 1 }
        return (img[i, j] * 64).rounded() / 64
    }
}
