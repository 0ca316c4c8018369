import Foundation
import NeuralNet
import Regions

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
    /// One colour per region (for class tints, the class that wins at the region's centroid; for
    /// the reconstruction, the picture's colour there). `draw` fills class tints per decision cell
    /// and the reconstruction per pixel instead.
    public static func color(of face: Int, in p: Partition, mode: RegionColorMode) -> RGBA {
        switch mode {
        case .pattern:
            return Palette.pattern(p.patternWords(face))
        case .slope(let m):
            return Palette.sequential(RegionColorMode.winningMap(p, face).slopeNorm / m)
        case .output(let index, let l):
            let c = p.centroid(face)
            let maps = p.maps(face: face)
            return Palette.diverging(maps[maps.startIndex + min(index, maps.count - 1)](c.x, c.y) / l)
        case .classTint(let colors):
            let c = p.centroid(face)
            return RegionColorMode.tint(
                classColor(colors, winner(p.maps(face: face), c)), pattern: Palette.pattern(p.patternWords(face)))
        case .margin(let m):
            return Palette.sequential(RegionColorMode.margin(p, face: face) / m)
        case .reconstruction:
            let c = p.centroid(face)
            let v = p.maps(face: face).map { min(1, max(0, $0(c.x, c.y))) }
            return v.count >= 3 ? RGBA(v[0], v[1], v[2]) : RGBA(v[0], v[0], v[0])
        }
    }

    /// The index of the largest output at a point; for one output, 1 where z > 0 (its classes
    /// are "z ≤ 0" and "z > 0").
    static func winner(_ maps: ArraySlice<AffineMap>, _ q: Point) -> Int {
        guard maps.count > 1 else { return maps[maps.startIndex](q.x, q.y) > 0 ? 1 : 0 }
        var best = 0
        var top = -Double.infinity
        for (k, m) in maps.enumerated() {
            let v = m(q.x, q.y)
            if v > top {
                top = v
                best = k
            }
        }
        return best
    }

    static func classColor(_ colors: [ClassColor], _ k: Int) -> ClassColor {
        k < colors.count ? colors[k] : ClassColor.defaultPalette(count: k + 1)[k]
    }

    public static func draw(_ c: Canvas, _ p: Partition, frame f: PlotFrame, style: RegionMapStyle = RegionMapStyle()) {
        c.save()
        c.rect(f.x, f.y, f.width, f.height)
        c.clip()
        switch style.colorMode {
        case .reconstruction:
            ReconstructionFill.draw(c, p, frame: f, opacity: style.faceOpacity)
        case .classTint(let colors):
            fillDecisionCells(c, p, frame: f, colors: colors, style: style)
        default:
            fillFaces(c, p, frame: f, style: style)
        }
        if style.showEdges { drawEdges(c, p, frame: f, style: style) }
        if style.showBoundary { drawBoundary(c, p, frame: f, width: style.boundaryWidth) }
        c.restore()
    }

    private static func fillFaces(_ c: Canvas, _ p: Partition, frame f: PlotFrame, style: RegionMapStyle) {
        if style.pixelExactFills { c.antialias(false) }
        for face in 0..<p.faceCount {
            let idx = p.vertexIndices(face)
            c.move(f.px(p.vertexX[idx[0]]), f.py(p.vertexY[idx[0]]))
            for v in idx.dropFirst() { c.line(f.px(p.vertexX[v]), f.py(p.vertexY[v])) }
            c.close()
            fill(c, color(of: face, in: p, mode: style.colorMode).with(alpha: style.faceOpacity), style)
        }
        if style.pixelExactFills { c.antialias(true) }
    }

    /// Class tints are exact: each face is split into the convex cells where one class wins.
    private static func fillDecisionCells(
        _ c: Canvas, _ p: Partition, frame f: PlotFrame, colors: [ClassColor], style: RegionMapStyle
    ) {
        if style.pixelExactFills { c.antialias(false) }
        for (face, cells) in p.decisionCells(faces: 0..<p.faceCount).enumerated() {
            let hash = Palette.pattern(p.patternWords(face))
            for cell in cells where cell.polygon.count >= 3 {
                c.polyline(cell.polygon.map { (f.px($0.x), f.py($0.y)) })
                c.close()
                let tint = RegionColorMode.tint(classColor(colors, cell.winner), pattern: hash)
                fill(c, tint.with(alpha: style.faceOpacity), style)
            }
        }
        if style.pixelExactFills { c.antialias(true) }
    }

    private static func fill(_ c: Canvas, _ color: RGBA, _ style: RegionMapStyle) {
        c.color(color)
        if style.pixelExactFills {
            c.fill()
        } else {
            // A hairline of the fill colour hides antialiasing seams between neighbouring regions.
            c.fillPreserve()
            c.lineWidth(0.35)
            c.stroke()
        }
    }

    public static func drawEdges(_ c: Canvas, _ p: Partition, frame f: PlotFrame, style: RegionMapStyle) {
        c.lineWidth(style.edgeWidth)
        if style.edgesByLayer {
            var byLayer: [Int: [Int]] = [:]
            for e in p.edges {
                if case .neuron(let layer, _) = p.edgeSource(e) { byLayer[layer, default: []].append(e) }
            }
            for (layer, edges) in byLayer.sorted(by: { $0.key < $1.key }) {
                stroke(c, p, edges, f, color: Palette.layer(layer).scaled(0.85).with(alpha: 0.9), style: style)
            }
        } else {
            stroke(
                c, p, p.edges.filter { p.edgeSource($0) != .border }, f, color: Palette.ink.with(alpha: 0.45),
                style: style)
        }
    }

    /// Segments stroked together before the next run starts (pixel output).
    public static let strokeRun = 32

    /// Strokes `edges` in `color`. For pixel output in runs of `strokeRun` segments: Cairo
    /// rasterises one path of 75 000 scattered segments about 3× slower than many short ones (at
    /// 49 544 regions, 317 → 105 ms), since every scanline of the one path holds edges from all
    /// over the picture. The runs are drawn opaque into a group painted at the colour's alpha, so
    /// where two runs meet at a vertex the line is no darker than elsewhere. Vector output keeps
    /// one path.
    private static func stroke(
        _ c: Canvas, _ p: Partition, _ edges: [Int], _ f: PlotFrame, color: RGBA, style: RegionMapStyle
    ) {
        guard style.pixelExactFills else {
            for e in edges { segment(c, p, e, f) }
            c.color(color)
            c.stroke()
            return
        }
        c.pushGroup()
        c.color(color.with(alpha: 1))
        for (i, e) in edges.enumerated() {
            segment(c, p, e, f)
            if i % strokeRun == strokeRun - 1 { c.stroke() }
        }
        c.stroke()
        c.paintGroup(alpha: color.a)
    }

    private static func segment(_ c: Canvas, _ p: Partition, _ e: Int, _ f: PlotFrame) {
        let (a, b) = p.edgeEndpoints(e)
        c.move(f.px(p.vertexX[a]), f.py(p.vertexY[a]))
        c.line(f.px(p.vertexX[b]), f.py(p.vertexY[b]))
    }

    /// The decision boundary of a partition: `z = 0` in orange for one output; for several, the
    /// argmax boundary as a dark line, since an orange line would vanish on some class tints.
    public static func drawBoundary(_ c: Canvas, _ p: Partition, frame f: PlotFrame, width: Double) {
        drawBoundary(c, p.boundary, frame: f, width: width, color: boundaryColor(outputs: p.outputCount))
    }

    public static func boundaryColor(outputs: Int) -> RGBA { outputs > 1 ? Palette.ink : Palette.boundary }

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
