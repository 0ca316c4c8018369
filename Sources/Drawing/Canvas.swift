import CGtk
import Foundation

/// Output formats of a figure; all three come from the same drawing code.
public enum FigureFormat: String, Sendable, CaseIterable {
    case png, svg, pdf
}

/// An RGBA colour with components in 0…1.
public struct RGBA: Sendable, Equatable {
    public var r, g, b, a: Double
    public init(_ r: Double, _ g: Double, _ b: Double, _ a: Double = 1) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(Double((hex >> 16) & 0xFF) / 255, Double((hex >> 8) & 0xFF) / 255, Double(hex & 0xFF) / 255, alpha)
    }
    public func with(alpha: Double) -> RGBA { RGBA(r, g, b, alpha) }
    public func mixed(with o: RGBA, _ t: Double) -> RGBA {
        RGBA(r + (o.r - r) * t, g + (o.g - g) * t, b + (o.b - b) * t, a + (o.a - a) * t)
    }
    public func scaled(_ k: Double) -> RGBA { RGBA(min(1, r * k), min(1, g * k), min(1, b * k), a) }
}

/// A thin, typed layer over a `cairo_t`: what the renderers need and nothing else. It never
/// touches GTK, so the same drawing serves the window, the exports and the tests.
public final class Canvas {
    public let cr: OpaquePointer
    public let width: Double
    public let height: Double
    /// Multiplies every font size: the window's projector text size. Figures keep 1.
    public var textScale = 1.0

    public init(cr: OpaquePointer, width: Double, height: Double) {
        self.cr = cr
        self.width = width
        self.height = height
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
    }

    public func color(_ c: RGBA) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a) }
    public func lineWidth(_ w: Double) { cairo_set_line_width(cr, w) }
    public func move(_ x: Double, _ y: Double) { cairo_move_to(cr, x, y) }
    public func line(_ x: Double, _ y: Double) { cairo_line_to(cr, x, y) }
    public func close() { cairo_close_path(cr) }
    public func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) { cairo_rectangle(cr, x, y, w, h) }
    public func circle(_ x: Double, _ y: Double, _ r: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, r, 0, 2 * .pi)
    }
    public func fill() { cairo_fill(cr) }
    public func fillPreserve() { cairo_fill_preserve(cr) }
    public func stroke() { cairo_stroke(cr) }
    public func save() { cairo_save(cr) }
    public func restore() { cairo_restore(cr) }
    public func clip() { cairo_clip(cr) }
    public func newPath() { cairo_new_path(cr) }
    /// Draws into an offscreen group until `paintGroup`: overlapping strokes inside it blend once.
    public func pushGroup() { cairo_push_group(cr) }
    /// Composites the group opened by `pushGroup` at `alpha`.
    public func paintGroup(alpha: Double) {
        cairo_pop_group_to_source(cr)
        cairo_paint_with_alpha(cr, alpha)
    }
    public func antialias(_ on: Bool) { cairo_set_antialias(cr, on ? CAIRO_ANTIALIAS_DEFAULT : CAIRO_ANTIALIAS_NONE) }
    public func dash(_ pattern: [Double]) {
        pattern.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    public func fill(_ c: RGBA, rectangle x: Double, _ y: Double, _ w: Double, _ h: Double) {
        color(c)
        rect(x, y, w, h)
        fill()
    }

    /// Polyline through points already in device coordinates.
    public func polyline(_ pts: [(Double, Double)]) {
        guard let first = pts.first else { return }
        move(first.0, first.1)
        for p in pts.dropFirst() { line(p.0, p.1) }
    }

    // MARK: Text

    public enum Anchor { case left, center, right }

    public func font(size: Double, bold: Bool = false) {
        cairo_select_font_face(
            cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size * textScale)
    }

    public func textWidth(_ s: String) -> Double {
        var ext = cairo_text_extents_t()
        cairo_text_extents(cr, s, &ext)
        return ext.x_advance
    }

    /// Draws `s` with its baseline at `y`, anchored horizontally at `x`.
    public func text(_ s: String, _ x: Double, _ y: Double, anchor: Anchor = .left, rotated: Bool = false) {
        let w = textWidth(s)
        save()
        cairo_translate(cr, x, y)
        if rotated { cairo_rotate(cr, -.pi / 2) }
        let dx: Double = anchor == .left ? 0 : anchor == .center ? -w / 2 : -w
        cairo_move_to(cr, dx, 0)
        cairo_show_text(cr, s)
        restore()
    }
}

/// Why a figure could not be written.
public struct FigureError: Error, CustomStringConvertible {
    public let description: String
}

public enum Figure {
    /// Draws on white into a surface of `width × height` units (scaled by `scale`).
    static func paint(
        _ surface: OpaquePointer, width: Int, height: Int, scale: Double = 1, draw: (Canvas) throws -> Void
    ) throws {
        guard let cr = cairo_create(surface) else { throw FigureError(description: "cannot draw a figure") }
        defer { cairo_destroy(cr) }
        if scale != 1 { cairo_scale(cr, scale, scale) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        try draw(Canvas(cr: cr, width: Double(width), height: Double(height)))
    }

    /// Renders `draw` into `url` as PNG, SVG or PDF of `width × height` (pixels for PNG, points for
    /// vector formats). The file appears only when complete: it is written to a temporary name in
    /// the same folder and renamed.
    public static func write(
        to url: URL, format: FigureFormat, width: Int, height: Int, scale: Double = 1,
        draw: (Canvas) throws -> Void
    ) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        defer { unlink(tmp.path) }
        let surface: OpaquePointer?
        switch format {
        case .png:
            surface = cairo_image_surface_create(
                CAIRO_FORMAT_ARGB32, Int32(Double(width) * scale), Int32(Double(height) * scale))
        case .svg:
            surface = cairo_svg_surface_create(tmp.path, Double(width), Double(height))
        case .pdf:
            surface = cairo_pdf_surface_create(tmp.path, Double(width), Double(height))
        }
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw FigureError(description: "cannot create the \(format.rawValue) surface for \(url.path)")
        }
        defer { cairo_surface_destroy(surface) }
        try paint(surface, width: width, height: height, scale: format == .png ? scale : 1, draw: draw)
        if format == .png {
            cairo_surface_flush(surface)
            guard cairo_surface_write_to_png(surface, tmp.path) == CAIRO_STATUS_SUCCESS else {
                throw FigureError(description: "cannot write \(url.path)")
            }
        } else {
            cairo_surface_finish(surface)
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw FigureError(
                description:
                    "cannot write \(url.path): \(String(cString: cairo_status_to_string(cairo_surface_status(surface))))"
            )
        }
        guard rename(tmp.path, url.path) == 0 else {
            throw FigureError(
                description: "cannot move \(url.lastPathComponent) into place: \(String(cString: strerror(errno)))")
        }
    }
}
