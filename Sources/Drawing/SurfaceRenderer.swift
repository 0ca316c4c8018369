import Foundation
import NeuralNet
import Regions

/// The logit surface in 3-D: one planar facet per region (exact, since the logit is affine on
/// each), drawn back to front in an orthographic view, shaded by the facet's normal.
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

public struct SurfaceStyle: Sendable {
    public var colorMode: RegionColorMode = .pattern
    public var showEdges = true
    public var showZeroLevel = true
    public var highlightFace: Int? = nil
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
/// projects vertices and sorts faces (the window keeps one per partition).
/// Immutable once built, so a render thread can use it.
public final class SurfaceGeometry: @unchecked Sendable {
    let faceStart: [Int32]  // faceStart[f]..<faceStart[f+1] into `corners`
    let corners: [Int32]
    let centroids: [Point]
    let colors: [RGBA]
    let shade: [Double]
    let mode: RegionColorMode

    public init(_ p: Partition, colorMode: RegionColorMode) {
        var start: [Int32] = [0]
        var corners: [Int32] = []
        var centroids: [Point] = []
        var colors: [RGBA] = []
        start.reserveCapacity(p.faceCount + 1)
        for f in 0..<p.faceCount {
            corners += p.vertexIndices(f).map(Int32.init)
            start.append(Int32(corners.count))
            centroids.append(p.centroid(f))
            colors.append(RegionMapRenderer.color(of: f, in: p, mode: colorMode))
        }
        faceStart = start
        self.corners = corners
        self.centroids = centroids
        self.colors = colors
        shade = []
        mode = colorMode
    }
}

public enum SurfaceRenderer {
    public static func draw(
        _ c: Canvas, _ p: Partition, box: (Double, Double, Double, Double),
        view: SurfaceView = SurfaceView(), style: SurfaceStyle = SurfaceStyle(), geometry: SurfaceGeometry? = nil
    ) {
        let geo = geometry ?? SurfaceGeometry(p, colorMode: style.colorMode)
        let zs = p.vertexLogit
        let lo = min(zs.min() ?? 0, 0)
        let hi = max(zs.max() ?? 0, 0)
        let proj = SurfaceProjection(domain: p.domain, zRange: (lo, hi), view: view, box: box)
        let d = p.domain

        // The floor: the domain rectangle at the lowest logit, with the z = 0 plane's outline.
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
        c.fill()
        c.lineWidth(0.8)
        c.color(Palette.mutedInk.with(alpha: 0.5))
        c.polyline(
            corners.map {
                let q = proj.project($0.0, $0.1, floorZ)
                return (q.0, q.1)
            })
        c.close()
        c.stroke()
        c.restore()

        // Facets back to front: project every vertex once, sort faces by their centroid's depth.
        let n = p.vertexCount
        var sx = [Double](repeating: 0, count: n)
        var sy = [Double](repeating: 0, count: n)
        for v in 0..<n {
            let q = proj.project(p.vertexX[v], p.vertexY[v], zs[v])
            sx[v] = q.0
            sy[v] = q.1
        }
        var depth = [Double](repeating: 0, count: p.faceCount)
        for f in 0..<p.faceCount {
            let ct = geo.centroids[f]
            depth[f] = proj.project(ct.x, ct.y, p.logits[f](ct.x, ct.y)).2
        }
        let order = (0..<p.faceCount).sorted { depth[$0] > depth[$1] }
        let light = normalise((-0.45, -0.35, 0.82))
        let kx = proj.sx / proj.zHalf * 0.6
        let ky = proj.sy / proj.zHalf * 0.6
        for f in order {
            let a = Int(geo.faceStart[f])
            let b = Int(geo.faceStart[f + 1])
            let first = Int(geo.corners[a])
            c.move(sx[first], sy[first])
            for i in (a + 1)..<b {
                let v = Int(geo.corners[i])
                c.line(sx[v], sy[v])
            }
            c.close()
            // Normal of z = a x + b y + c in the unit box's coordinates.
            let m = p.logits[f]
            let nrm = normalise((-m.a * kx, -m.b * ky, 1))
            let lambert = max(0, nrm.0 * light.0 + nrm.1 * light.1 + nrm.2 * light.2)
            var col = geo.colors[f].scaled(0.62 + 0.45 * lambert)
            if style.highlightFace == f { col = RGBA(hex: 0xFFD23F) }
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

        // The z = 0 level: the decision boundary lies on the surface at height 0.
        if style.showZeroLevel {
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
            for (w, col) in [(4.2, RGBA(1, 1, 1, 0.85)), (2.4, Palette.boundary)] {
                c.lineWidth(w)
                for line in p.boundary {
                    c.polyline(
                        line.map {
                            let q = proj.project($0.x, $0.y, 0)
                            return (q.0, q.1)
                        })
                }
                c.color(col)
                c.stroke()
            }
        }
        drawAxisLabels(c, proj, d, lo, hi)
    }

    private static func drawAxisLabels(_ c: Canvas, _ proj: SurfaceProjection, _ d: Domain, _ lo: Double, _ hi: Double)
    {
        c.save()
        c.font(size: 11)
        c.color(Palette.mutedInk)
        let a = proj.project(d.x1, d.y0, lo)
        let b = proj.project(d.x0, d.y0, lo)
        let e = proj.project(d.x1, d.y1, lo)
        c.text("x", (a.0 + b.0) / 2, (a.1 + b.1) / 2 + 16, anchor: .center)
        c.text("y", (a.0 + e.0) / 2 + 12, (a.1 + e.1) / 2 + 14, anchor: .center)
        // A vertical logit scale at the corner that projects furthest left, clear of the surface.
        let corners = [(d.x0, d.y0), (d.x1, d.y0), (d.x1, d.y1), (d.x0, d.y1)]
        let corner = corners.min { proj.project($0.0, $0.1, lo).0 < proj.project($1.0, $1.1, lo).0 }!
        let base = proj.project(corner.0, corner.1, lo)
        let top = proj.project(corner.0, corner.1, hi)
        c.lineWidth(0.8)
        c.move(base.0, base.1)
        c.line(top.0, top.1)
        c.stroke()
        for t in PlotFrame.ticks(lo, hi, target: 4) {
            let q = proj.project(corner.0, corner.1, t)
            c.move(q.0, q.1)
            c.line(q.0 - 4, q.1)
            c.stroke()
            c.text(PlotFrame.label(t), q.0 - 7, q.1 + 4, anchor: .right)
        }
        c.text("z", top.0, top.1 - 8, anchor: .center)
        c.restore()
    }

    static func normalise(_ v: (Double, Double, Double)) -> (Double, Double, Double) {
        let n = (v.0 * v.0 + v.1 * v.1 + v.2 * v.2).squareRoot()
        return n > 0 ? (v.0 / n, v.1 / n, v.2 / n) : (0, 0, 1)
    }
}
