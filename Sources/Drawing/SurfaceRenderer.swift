import Foundation
import NeuralNet
import Regions

/// The output surface in 3-D: one planar facet per region (exact, since every output is affine
/// on each), drawn back to front in an orthographic view, shaded by the facet's normal.
public struct SurfaceView: Sendable, Equatable {
    /// Rotation about the vertical axis, degrees.
    public var azimuth: Double = -55
    /// Angle above the xy-plane, degrees.
    public var elevation: Double = 32
    /// Extra magnification (the wheel in the window).
    public var zoom: Double = 1
    public init(azimuth: Double = -55, elevation: Double = 32, zoom: Double = 1) {
        self.azimuth = azimuth
        self.elevation = elevation
        self.zoom = zoom
    }
}

/// Which function of the outputs the surface shows; each is planar on a region (the maximum on
/// each decision cell), so the surface stays exact.
public enum SurfaceHeight: Sendable, Equatable {
    /// One output (output 0 of a one-output network is the logit).
    case output(Int)
    /// The largest output: the winning class's logit, planar on each decision cell.
    case maxOutput
    /// The mean of three outputs: an RGB reconstruction's brightness.
    case meanOfThree

    /// What a task's surface shows by default.
    public static func automatic(for task: LearningTask) -> SurfaceHeight {
        switch task {
        case .binary: return .output(0)
        case .classes: return .maxOutput
        case .regression(let channels): return channels == 3 ? .meanOfThree : .output(0)
        }
    }

    /// The vertical axis' label.
    public func label(outputs: Int) -> String {
        switch self {
        case .output(let i): return outputs == 1 ? "z" : "z\(i)"
        case .maxOutput: return "max z"
        case .meanOfThree: return "mean RGB"
        }
    }
}

public struct SurfaceStyle: Sendable {
    public var colorMode: RegionColorMode = .pattern
    /// Used when the renderer builds the geometry itself.
    public var height: SurfaceHeight = .output(0)
    public var showEdges = true
    public var showZeroLevel = true
    public var highlightFace: Int? = nil
    /// The names of the floor's axes ("s", "t" on a plane through a many-input model).
    public var axisLabels = (x: "x", y: "y")
    public init() {}
}

public struct SurfaceProjection {
    let cx, cy, sx, sy: Double  // domain centre and half-extents
    let zMid, zHalf: Double  // logit range mapped to ±0.6 of the box height
    let ca, sa, ce, se: Double
    let scale, ox, oy: Double

    public init(domain: Domain, zRange: (Double, Double), view: SurfaceView, box: (Double, Double, Double, Double)) {
        cx = (domain.x0 + domain.x1) / 2
        cy = (domain.y0 + domain.y1) / 2
        let m = max(domain.width, domain.height) / 2
        sx = m
        sy = m
        zMid = (zRange.0 + zRange.1) / 2
        zHalf = max((zRange.1 - zRange.0) / 2, 1e-12)
        let a = view.azimuth * .pi / 180
        let e = view.elevation * .pi / 180
        ca = cos(a)
        sa = sin(a)
        ce = cos(e)
        se = sin(e)
        // The unit box's projection spans at most √2 horizontally and √2·se + 1.2·ce vertically.
        let needW = 2 * 2.0.squareRoot()
        let needH = 2 * 2.0.squareRoot() * se + 1.2 * ce + 0.1
        scale = min(box.2 / needW, box.3 / needH) * view.zoom
        ox = box.0 + box.2 / 2
        oy = box.1 + box.3 / 2
    }

    /// Device coordinates and depth (larger = farther) of a point of the surface.
    @inline(__always)
    public func project(_ x: Double, _ y: Double, _ z: Double) -> (Double, Double, Double) {
        let u = (x - cx) / sx
        let v = (y - cy) / sy
        let w = (z - zMid) / zHalf * 0.6
        let xr = ca * u - sa * v
        let yr = sa * u + ca * v
        let up = w * ce + yr * se
        let depth = yr * ce - w * se
        return (ox + xr * scale, oy - up * scale, depth)
    }

    /// The normalised height of a logit value (for the unit box's floor and ceiling).
    public func height(_ z: Double) -> Double { (z - zMid) / zHalf * 0.6 }
}

/// What the surface needs from a partition, flattened once so that a rotation frame only
/// projects corners and sorts facets (the window keeps one per partition). A facet is a region,
/// or for the maximum output a decision cell, with the plane the surface follows there.
/// Immutable once built, so a render thread can use it.
public final class SurfaceGeometry: @unchecked Sendable {
    let facetStart: [Int32]  // facetStart[k]..<facetStart[k+1] into cornerX / cornerY
    let cornerX: [Double]
    let cornerY: [Double]
    let maps: [AffineMap]
    let faces: [Int32]
    let centroids: [Point]
    let colors: [RGBA]
    let height: SurfaceHeight
    let outputs: Int
    /// The largest output at each point of the decision boundary (the crease it lies on), for
    /// the maximum-output surface; located once here rather than in every rotation frame.
    let boundaryHeights: [[Double]]

    public convenience init(_ p: Partition, colorMode: RegionColorMode) {
        self.init(p, colorMode: colorMode, height: .output(0))
    }

    public init(_ p: Partition, colorMode: RegionColorMode, height requested: SurfaceHeight) {
        let k = p.outputCount
        let height: SurfaceHeight
        switch requested {
        case .output(let i): height = .output(min(max(i, 0), k - 1))
        case .maxOutput: height = k > 1 ? .maxOutput : .output(0)
        case .meanOfThree: height = k >= 3 ? .meanOfThree : .output(0)
        }
        var start: [Int32] = [0]
        var xs: [Double] = []
        var ys: [Double] = []
        var maps: [AffineMap] = []
        var faces: [Int32] = []
        var centroids: [Point] = []
        var colors: [RGBA] = []
        start.reserveCapacity(p.faceCount + 1)
        func add(_ face: Int, _ corners: [Point], _ map: AffineMap, _ color: RGBA) {
            for q in corners {
                xs.append(q.x)
                ys.append(q.y)
            }
            start.append(Int32(xs.count))
            maps.append(map)
            faces.append(Int32(face))
            colors.append(color)
            var cx = 0.0
            var cy = 0.0
            for q in corners {
                cx += q.x
                cy += q.y
            }
            centroids.append(Point(cx / Double(corners.count), cy / Double(corners.count)))
        }
        let cellsByFace = height == .maxOutput ? p.decisionCells(faces: 0..<p.faceCount) : []
        for f in 0..<p.faceCount {
            let fm = p.maps(face: f)
            switch height {
            case .maxOutput:
                let hash = Palette.pattern(p.patternWords(f))
                for cell in cellsByFace[f] where cell.polygon.count >= 3 {
                    let color: RGBA
                    if case .classTint(let classes) = colorMode {
                        // Shading supplies the depth cue, so the surface takes less white than the map.
                        let c = RegionMapRenderer.classColor(classes, cell.winner)
                        color = RegionColorMode.tint(c, pattern: hash, lighten: 0.22)
                    } else {
                        color = RegionMapRenderer.color(of: f, in: p, mode: colorMode)
                    }
                    add(f, cell.polygon, fm[fm.startIndex + cell.winner], color)
                }
            case .meanOfThree:
                let (r, g, b) = (fm[fm.startIndex], fm[fm.startIndex + 1], fm[fm.startIndex + 2])
                let mean = AffineMap(a: (r.a + g.a + b.a) / 3, b: (r.b + g.b + b.b) / 3, c: (r.c + g.c + b.c) / 3)
                add(f, p.polygon(f), mean, Self.facetColor(f, p, colorMode))
            case .output(let i):
                add(f, p.polygon(f), fm[fm.startIndex + i], Self.facetColor(f, p, colorMode))
            }
        }
        facetStart = start
        cornerX = xs
        cornerY = ys
        self.maps = maps
        self.faces = faces
        self.centroids = centroids
        self.colors = colors
        self.height = height
        outputs = k
        if height == .maxOutput {
            boundaryHeights = p.boundary.map { line in
                line.map { q in
                    guard let f = p.face(at: q) else { return 0 }
                    return p.maps(face: f).map { $0(q.x, q.y) }.max() ?? 0
                }
            }
        } else {
            boundaryHeights = []
        }
    }

    var facetCount: Int { maps.count }

    /// A region's colour on the surface. The picture's black would hide the shading that shows
    /// a facet's slope, so the reconstruction is lifted slightly towards mid-grey there.
    static func facetColor(_ f: Int, _ p: Partition, _ mode: RegionColorMode) -> RGBA {
        let c = RegionMapRenderer.color(of: f, in: p, mode: mode)
        return mode == .reconstruction ? c.mixed(with: RGBA(0.5, 0.5, 0.5), 0.14) : c
    }
}

public enum SurfaceRenderer {
    /// A given `geometry` decides the height shown; otherwise `style.height` does.
    public static func draw(
        _ c: Canvas, _ p: Partition, box: (Double, Double, Double, Double),
        view: SurfaceView = SurfaceView(), style: SurfaceStyle = SurfaceStyle(), geometry: SurfaceGeometry? = nil
    ) {
        let geo = geometry ?? SurfaceGeometry(p, colorMode: style.colorMode, height: style.height)
        let n = geo.cornerX.count
        var zs = [Double](repeating: 0, count: n)
        for k in 0..<geo.facetCount {
            let m = geo.maps[k]
            for i in Int(geo.facetStart[k])..<Int(geo.facetStart[k + 1]) { zs[i] = m(geo.cornerX[i], geo.cornerY[i]) }
        }
        // The z = 0 level belongs to one logit: only a binary network's surface is drawn against it.
        let zeroLevel = style.showZeroLevel && geo.height == .output(0) && geo.outputs == 1
        var lo = zs.min() ?? 0
        var hi = zs.max() ?? 0
        if zeroLevel || !(hi > lo) {
            lo = min(lo, 0)
            hi = max(hi, 0)
        }
        if !(hi > lo) { hi = lo + 1 }
        let proj = SurfaceProjection(domain: p.domain, zRange: (lo, hi), view: view, box: box)
        let d = p.domain
        // The floor: the domain rectangle at the lowest value.
        let floorZ = lo
        let corners = [(d.x0, d.y0), (d.x1, d.y0), (d.x1, d.y1), (d.x0, d.y1)]
        c.save()
        c.color(RGBA(hex: 0xEEF1F5))
        c.polyline(
            corners.map {
                let q = proj.project($0.0, $0.1, floorZ)
                return (q.0, q.1)
            })
        c.close()
        c.fillPreserve()
        c.lineWidth(0.8)
        c.color(Palette.mutedInk.with(alpha: 0.5))
        c.stroke()
        c.restore()

        // Facets back to front: project every corner once, sort facets by their centroid's depth.
        var sx = [Double](repeating: 0, count: n)
        var sy = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let q = proj.project(geo.cornerX[i], geo.cornerY[i], zs[i])
            sx[i] = q.0
            sy[i] = q.1
        }
        var depth = [Double](repeating: 0, count: geo.facetCount)
        for k in 0..<geo.facetCount {
            let ct = geo.centroids[k]
            depth[k] = proj.project(ct.x, ct.y, geo.maps[k](ct.x, ct.y)).2
        }
        let order = (0..<geo.facetCount).sorted { depth[$0] > depth[$1] }
        let light = normalise((-0.45, -0.35, 0.82))
        let kx = proj.sx / proj.zHalf * 0.6
        let ky = proj.sy / proj.zHalf * 0.6
        for k in order {
            let a = Int(geo.facetStart[k])
            let b = Int(geo.facetStart[k + 1])
            c.move(sx[a], sy[a])
            for i in (a + 1)..<b { c.line(sx[i], sy[i]) }
            c.close()
            // Normal of z = a x + b y + c in the unit box's coordinates.
            let m = geo.maps[k]
            let nrm = normalise((-m.a * kx, -m.b * ky, 1))
            let lambert = max(0, nrm.0 * light.0 + nrm.1 * light.1 + nrm.2 * light.2)
            var col = geo.colors[k].scaled(0.62 + 0.45 * lambert)
            if let h = style.highlightFace, Int(geo.faces[k]) == h { col = RGBA(hex: 0xFFD23F) }
            c.color(col)
            if style.showEdges {
                c.fillPreserve()
                c.lineWidth(0.45)
                c.color(Palette.ink.with(alpha: 0.35))
                c.stroke()
            } else {
                c.fill()
            }
        }
        if zeroLevel {
            // The z = 0 level: the decision boundary lies on the surface at height 0.
            c.save()
            c.dash([5, 4])
            c.lineWidth(1)
            c.color(Palette.ink.with(alpha: 0.45))
            c.polyline(
                corners.map {
                    let q = proj.project($0.0, $0.1, 0)
                    return (q.0, q.1)
                })
            c.close()
            c.stroke()
            c.restore()
            drawLifted(
                c, p.boundary, p.boundary.map { [Double](repeating: 0, count: $0.count) }, proj, Palette.boundary)
        } else if style.showZeroLevel && geo.height == .maxOutput {
            // The argmax boundary is the surface's crease where two classes tie: lift it there.
            drawLifted(c, p.boundary, geo.boundaryHeights, proj, Palette.ink)
        }
        drawAxisLabels(c, proj, d, lo, hi, label: geo.height.label(outputs: geo.outputs), axes: style.axisLabels)
    }

    /// Boundary polylines drawn on the surface at `heights` (parallel to `lines`).
    private static func drawLifted(
        _ c: Canvas, _ lines: [[Point]], _ heights: [[Double]], _ proj: SurfaceProjection, _ color: RGBA
    ) {
        let projected = zip(lines, heights).map { line, zs in
            zip(line, zs).map { q, z in
                let r = proj.project(q.x, q.y, z)
                return (r.0, r.1)
            }
        }
        for (w, col) in [(4.2, RGBA(1, 1, 1, 0.85)), (2.4, color)] {
            c.lineWidth(w)
            for line in projected { c.polyline(line) }
            c.color(col)
            c.stroke()
        }
    }

    private static func drawAxisLabels(
        _ c: Canvas, _ proj: SurfaceProjection, _ d: Domain, _ lo: Double, _ hi: Double, label: String,
        axes: (x: String, y: String)
    ) {
        c.save()
        c.font(size: 11)
        c.color(Palette.mutedInk)
        let a = proj.project(d.x1, d.y0, lo)
        let b = proj.project(d.x0, d.y0, lo)
        let e = proj.project(d.x1, d.y1, lo)
        c.text(axes.x, (a.0 + b.0) / 2, (a.1 + b.1) / 2 + 16, anchor: .center)
        c.text(axes.y, (a.0 + e.0) / 2 + 12, (a.1 + e.1) / 2 + 14, anchor: .center)
        // A vertical logit scale at the corner that projects furthest left, clear of the surface.
        let corners = [(d.x0, d.y0), (d.x1, d.y0), (d.x1, d.y1), (d.x0, d.y1)]
        let corner = corners.min { proj.project($0.0, $0.1, lo).0 < proj.project($1.0, $1.1, lo).0 }!
        let base = proj.project(corner.0, corner.1, lo)
        let top = proj.project(corner.0, corner.1, hi)
        c.lineWidth(0.8)
        c.move(base.0, base.1)
        c.line(top.0, top.1)
        c.stroke()
        let ticks = PlotFrame.ticks(lo, hi, target: 4)
        for t in ticks {
            let q = proj.project(corner.0, corner.1, t)
            c.move(q.0, q.1)
            c.line(q.0 - 4, q.1)
            c.stroke()
            c.text(PlotFrame.label(t, step: PlotFrame.step(of: ticks)), q.0 - 7, q.1 + 4, anchor: .right)
        }
        c.text(label, top.0, top.1 - 8, anchor: .center)
        c.restore()
    }

    static func normalise(_ v: (Double, Double, Double)) -> (Double, Double, Double) {
        let n = (v.0 * v.0 + v.1 * v.1 + v.2 * v.2).squareRoot()
        return n > 0 ? (v.0 / n, v.1 / n, v.2 / n) : (0, 0, 1)
    }
}
