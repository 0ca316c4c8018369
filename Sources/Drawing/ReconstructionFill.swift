import CGtk
import Foundation
import NeuralNet
import Regions

/// The regression network's picture, drawn exactly from the partition: on each region every
/// output is affine, so a Cairo linear gradient along that map's gradient, clamped by PAD at the
/// ends, gives clamp(z, 0, 1) at every pixel. One output is grey; three outputs are three
/// gradients (red, green, blue) added onto black. Regions are filled without antialiasing: each
/// pixel then belongs to the one region holding its centre, so it shows the exact value there,
/// and no pixel on a shared edge or corner is added twice. The picture is continuous, so there
/// is no staircase to smooth.
public enum ReconstructionFill {
    public static func draw(_ c: Canvas, _ p: Partition, frame f: PlotFrame, opacity: Double = 1) {
        let cr = c.cr
        // Grouped so that the black base and the added channels land on the page as one picture.
        cairo_push_group(cr)
        c.fill(RGBA(0, 0, 0), rectangle: f.x, f.y, f.width, f.height)
        cairo_set_operator(cr, CAIRO_OPERATOR_ADD)
        c.antialias(false)
        let channels: [(Int, (Double, Double, Double))] =
            p.outputCount >= 3 ? [(0, (1, 0, 0)), (1, (0, 1, 0)), (2, (0, 0, 1))] : [(0, (1, 1, 1))]
        // Domain → device is x' = sx·x + tx, y' = sy·y + ty.
        let sx = f.width / f.domain.width
        let sy = -f.height / f.domain.height
        let tx = f.x - f.domain.x0 * sx
        let ty = f.y - f.domain.y1 * sy
        var xs: [Double] = []
        var ys: [Double] = []
        for face in 0..<p.faceCount {
            let idx = p.vertexIndices(face)
            xs = idx.map { p.vertexX[$0] * sx + tx }
            ys = idx.map { p.vertexY[$0] * sy + ty }
            let maps = p.maps(face: face)
            for (k, rgb) in channels {
                let m = maps[maps.startIndex + k]
                // The same map in device coordinates: z = A·x' + B·y' + C.
                let a = m.a / sx
                let b = m.b / sy
                let cc = m.c - a * tx - b * ty
                c.move(xs[0], ys[0])
                for i in 1..<xs.count { c.line(xs[i], ys[i]) }
                c.close()
                var lo = Double.infinity
                var hi = -Double.infinity
                for i in 0..<xs.count {
                    let z = a * xs[i] + b * ys[i] + cc
                    lo = min(lo, z)
                    hi = max(hi, z)
                }
                let zlo = min(1, max(0, lo))
                let zhi = min(1, max(0, hi))
                let g2 = a * a + b * b
                if zhi - zlo < 0.5 / 255 || !(g2 > 0) {
                    // Flat within one level: a solid fill, and no gradient endpoints far off the page.
                    let v = (zlo + zhi) / 2
                    cairo_set_source_rgba(cr, rgb.0 * v, rgb.1 * v, rgb.2 * v, 1)
                } else {
                    // Gradient endpoints where z = zlo and z = zhi, on the line through the first
                    // corner along ∇z: both lie within the region's extent along ∇z.
                    let z0 = a * xs[0] + b * ys[0] + cc
                    let t0 = (zlo - z0) / g2
                    let t1 = (zhi - z0) / g2
                    let pattern = cairo_pattern_create_linear(
                        xs[0] + a * t0, ys[0] + b * t0, xs[0] + a * t1, ys[0] + b * t1)
                    cairo_pattern_add_color_stop_rgba(pattern, 0, rgb.0 * zlo, rgb.1 * zlo, rgb.2 * zlo, 1)
                    cairo_pattern_add_color_stop_rgba(pattern, 1, rgb.0 * zhi, rgb.1 * zhi, rgb.2 * zhi, 1)
                    cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
                    cairo_set_source(cr, pattern)
                    cairo_pattern_destroy(pattern)
                }
                c.fill()
            }
        }
        cairo_pop_group_to_source(cr)
        cairo_paint_with_alpha(cr, opacity)
    }
}
