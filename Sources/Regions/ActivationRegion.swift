import Foundation
import NeuralNet

/// The whole linear region of an activation pattern inside a box: the points where every hidden
/// neuron has the pattern's sign. Under a fixed pattern each pre-activation is one affine map of
/// (x, y), so the region is the box cut by one half-plane per neuron — a convex polygon, found
/// exactly however far the map is zoomed in (a face of a zoomed partition is only the part of
/// its region inside the view).
public struct ActivationRegion: Sendable {
    /// The region's corners, counter-clockwise; empty if no point of the box has the pattern.
    public let polygon: [Point]

    /// `active(layer, index)` is the pattern (pre-activation > 0).
    public init(_ mlp: MLP, in domain: Domain, active: (Int, Int) -> Bool) {
        var poly = [
            Point(domain.x0, domain.y0), Point(domain.x1, domain.y0), Point(domain.x1, domain.y1),
            Point(domain.x0, domain.y1),
        ]
        // Each value as an affine map (a, b, c) of the input: a·x + b·y + c.
        var maps: [(Double, Double, Double)] = [(1, 0, 0), (0, 1, 0)]
        let slope = mlp.activation.negativeSlope
        let scale = max(domain.width, domain.height)
        for (l, layer) in mlp.layers.dropLast().enumerated() {
            var next: [(Double, Double, Double)] = []
            next.reserveCapacity(layer.outputs)
            for j in 0..<layer.outputs {
                var z = (0.0, 0.0, layer.bias[j])
                for i in 0..<layer.inputs {
                    let w = layer.weight[j * layer.inputs + i]
                    z = (z.0 + w * maps[i].0, z.1 + w * maps[i].1, z.2 + w * maps[i].2)
                }
                let on = active(l, j)
                poly = Self.clip(poly, keeping: on ? z : (-z.0, -z.1, -z.2), scale: scale)
                next.append(on ? z : (slope * z.0, slope * z.1, slope * z.2))
            }
            maps = next
        }
        polygon = poly
    }

    /// The polygon's area (shoelace).
    public var area: Double {
        guard polygon.count >= 3 else { return 0 }
        var s = 0.0
        for i in polygon.indices {
            let p = polygon[i]
            let q = polygon[(i + 1) % polygon.count]
            s += p.x * q.y - q.x * p.y
        }
        return abs(s) / 2
    }

    /// The part of a convex polygon where a·x + b·y + c ≥ 0 (Sutherland–Hodgman for one edge).
    /// Values within rounding of zero count as on the line, so a region bounded by that neuron
    /// keeps its edge.
    static func clip(_ poly: [Point], keeping h: (Double, Double, Double), scale: Double) -> [Point] {
        guard !poly.isEmpty else { return poly }
        let tolerance = 1e-12 * (abs(h.0) * scale + abs(h.1) * scale + abs(h.2) + 1e-300)
        let v = poly.map { h.0 * $0.x + h.1 * $0.y + h.2 }
        if v.allSatisfy({ $0 >= -tolerance }) { return poly }
        var out: [Point] = []
        for i in poly.indices {
            let j = (i + 1) % poly.count
            let (p, q, vp, vq) = (poly[i], poly[j], v[i], v[j])
            if vp >= -tolerance { out.append(p) }
            if (vp > tolerance && vq < -tolerance) || (vp < -tolerance && vq > tolerance) {
                let t = vp / (vp - vq)
                out.append(Point(p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)))
            }
        }
        return out
    }
}
