import CGtk
import Foundation
import NeuralNet

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

extension ImageUnderlay {
    /// Class labels (class index per pixel) in their class colours: the quantised image the
    /// network was trained on. `lighten` mixes towards white so a boundary drawn on top reads.
    public static func drawClasses(
        _ c: Canvas, width: Int, height: Int, labels: [Float], colors: [ClassColor], frame f: PlotFrame,
        lighten: Double = 0
    ) {
        let palette = colors.map { RGBA($0.r, $0.g, $0.b).mixed(with: Palette.paper, lighten) }
        paint(c, width: width, height: height, frame: f) { i in
            let k = Int(labels[i])
            return k >= 0 && k < palette.count ? palette[k] : Palette.paper
        }
    }

    /// A colour image, three components per pixel in 0…1.
    public static func drawColor(_ c: Canvas, width: Int, height: Int, rgb: [Double], frame f: PlotFrame) {
        paint(c, width: width, height: height, frame: f) { i in RGBA(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) }
    }

    /// One image surface scaled with nearest-neighbour filtering: pixel cells stay sharp, and a
    /// photo is one image in vector output rather than a rectangle per pixel.
    static func paint(_ c: Canvas, width: Int, height: Int, frame f: PlotFrame, color: (Int) -> RGBA) {
        guard width > 0, height > 0,
            let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return }
        func byte(_ v: Double) -> UInt32 { UInt32((min(1, max(0, v.isFinite ? v : 0)) * 255).rounded()) }
        for j in 0..<height {
            let row = UnsafeMutableRawPointer(data + j * stride).assumingMemoryBound(to: UInt32.self)
            for i in 0..<width {
                let col = color(j * width + i)
                row[i] = 0xFF00_0000 | byte(col.r) << 16 | byte(col.g) << 8 | byte(col.b)
            }
        }
        cairo_surface_mark_dirty(surface)
        c.save()
        cairo_translate(c.cr, f.x, f.y)
        cairo_scale(c.cr, f.width / Double(width), f.height / Double(height))
        cairo_set_source_surface(c.cr, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(c.cr), CAIRO_FILTER_NEAREST)
        c.rect(0, 0, Double(width), Double(height))
        c.fill()
        c.restore()
    }
}
