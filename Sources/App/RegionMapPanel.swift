import CGtk
import Drawing
import GtkKit
import NeuralNet
import Regions

/// The main view: the exact partition of the visible box. Wheel zooms towards the cursor, drag
/// pans, double-click resets; hover inspects a region, click pins it. The face layer is cached as
/// an image so a hover redraw paints the cache and the highlight only.
@MainActor
final class RegionMapPanel {
    let widget: Widget
    private unowned let model: AppModel
    private var cache: OpaquePointer?
    private var cacheKey: String = ""
    private var dragStartBox: Domain?
    private var dragMoved = false
    private(set) var lastSize = (0.0, 0.0)
    /// Milliseconds of the last redraw and of the last face-layer rebuild (for --bench).
    private(set) var lastDrawMilliseconds = 0.0
    private(set) var lastCacheMilliseconds = 0.0
    private(set) var drawCount = 0

    init(model: AppModel) {
        self.model = model
        widget = gtk_drawing_area_new()!
        UI.expand(widget)
        gtk_widget_set_size_request(widget, 420, 420)
        gtk_widget_set_focusable(widget, 1)  // keeps Space and → for training, not a text field
        setDrawFunction(widget) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        UI.motion(widget, move: { [unowned self] x, y in
            self.model.hover(at: self.domainPoint(x, y))
        }, leave: { [unowned self] in self.model.hover(at: nil) })
        UI.scroll(widget) { [unowned self] _, dy in self.zoom(by: dy > 0 ? 1.2 : 1 / 1.2); return true }
        UI.drag(widget, begin: { [unowned self] _, _ in
            self.dragStartBox = self.model.viewBox
            self.dragMoved = false
        }, update: { [unowned self] dx, dy in
            guard let start = self.dragStartBox, abs(dx) + abs(dy) > 3 else { return }
            self.dragMoved = true
            let f = self.frame(for: start)
            let sx = dx / f.width * start.width, sy = dy / f.height * start.height
            self.model.setViewBox(Domain(x0: start.x0 - sx, x1: start.x1 - sx, y0: start.y0 + sy, y1: start.y1 + sy))
        }, end: { [unowned self] _, _ in
            if !self.dragMoved { self.model.togglePin() }
            self.dragStartBox = nil
        })
        UI.click(widget) { [unowned self] n, _, _ in
            gtk_widget_grab_focus(self.widget)
            if n == 2 { self.model.resetView() }
        }
    }

    private var size: (Double, Double) {
        (Double(gtk_widget_get_width(widget)), Double(gtk_widget_get_height(widget)))
    }

    func frame(for box: Domain) -> PlotFrame {
        let (w, h) = size
        return PlotFrame(domain: box, fitting: 48, 16, max(w - 64, 10), max(h - 52, 10))
    }

    func domainPoint(_ x: Double, _ y: Double) -> Point? {
        let f = frame(for: model.viewBox)
        guard x >= f.x, x <= f.x + f.width, y >= f.y, y <= f.y + f.height else { return nil }
        let (u, v) = f.domainPoint(x, y)
        return Point(u, v)
    }

    /// Device position of a domain point (for tests and the end-to-end check).
    func devicePoint(_ p: Point) -> (Double, Double) {
        let f = frame(for: model.viewBox)
        return (f.px(p.x), f.py(p.y))
    }

    private func zoom(by factor: Double) {
        let b = model.viewBox
        let c = model.hoverPoint ?? Point((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2)
        model.setViewBox(Domain(x0: c.x + (b.x0 - c.x) * factor, x1: c.x + (b.x1 - c.x) * factor,
                                y0: c.y + (b.y0 - c.y) * factor, y1: c.y + (b.y1 - c.y) * factor))
    }

    func invalidate() { cacheKey = "" }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let start = ContinuousClock.now
        lastSize = (w, h)
        let canvas = Canvas(cr: cr, width: w, height: h)
        canvas.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        let f = frame(for: model.viewBox)
        let key = "\(model.partitionGeneration)|\(model.viewBox)|\(w)x\(h)|\(model.coloring)|\(model.showEdges)|\(model.edgesByLayer)|\(model.showBoundary)|\(model.showPixels)|\(model.pixelOpacity)"
        if key != cacheKey || cache == nil { rebuildCache(w, h, f); cacheKey = key }
        if let cache {
            cairo_set_source_surface(cr, cache, 0, 0)
            cairo_paint(cr)
        }
        drawHighlights(canvas, f)
        f.drawAxes(canvas, fontSize: 10.5)
        if let m = model.partitionMessage {
            SampledView.label(canvas, m.count > 70 ? String(m.prefix(70)) + "…" : m, x: f.x + 8, y: f.y + 8)
        } else if model.partition == nil {
            canvas.color(Palette.mutedInk); canvas.font(size: 14)
            canvas.text(model.shownNetwork == nil ? "Open an image (Ctrl+O) or drop one here" : "Computing the exact regions…",
                        w / 2, h / 2, anchor: .center)
        }
        let d = ContinuousClock.now - start
        lastDrawMilliseconds = Double(d.components.attoseconds) * 1e-15 + Double(d.components.seconds) * 1000
        drawCount += 1
    }

    private func rebuildCache(_ w: Double, _ h: Double, _ f: PlotFrame) {
        let start = ContinuousClock.now
        if let cache { cairo_surface_destroy(cache) }
        cache = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h))
        guard let cache, let cr = cairo_create(cache) else { return }
        defer { cairo_destroy(cr) }
        let c = Canvas(cr: cr, width: w, height: h)
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        if model.showPixels, let d = model.dataset {
            c.save(); c.rect(f.x, f.y, f.width, f.height); c.clip()
            // The image covers its own domain inside the (possibly zoomed) view.
            let x0 = f.px(d.domain.x0), x1 = f.px(d.domain.x1), y0 = f.py(d.domain.y1), y1 = f.py(d.domain.y0)
            ImageUnderlay.draw(c, d.image, frame: PlotFrame(domain: d.domain, fitting: x0, y0, x1 - x0, y1 - y0))
            c.restore()
        }
        if let p = model.partition, p.domain == model.viewBox {
            var style = RegionMapStyle()
            style.colorMode = colorMode(p)
            style.showEdges = model.showEdges
            style.edgesByLayer = model.edgesByLayer
            style.showBoundary = model.showBoundary
            style.faceOpacity = model.showPixels ? 1 - 0.75 * model.pixelOpacity : 1
            style.edgeWidth = p.faceCount > 20_000 ? 0.3 : 0.6
            RegionMapRenderer.draw(c, p, frame: f, style: style)
        } else if let p = model.partition {
            // Still computing the new box: draw the previous partition where it overlaps.
            var style = RegionMapStyle()
            style.colorMode = colorMode(p)
            style.showEdges = model.showEdges
            RegionMapRenderer.draw(c, p, frame: f, style: style)
        }
        let d = ContinuousClock.now - start
        lastCacheMilliseconds = Double(d.components.attoseconds) * 1e-15 + Double(d.components.seconds) * 1000
    }

    func colorMode(_ p: Partition) -> RegionColorMode {
        switch model.coloring {
        case .pattern: return .pattern
        case .slope: return .slope(for: p)
        case .logit: return .logit(for: p)
        }
    }

    private func drawHighlights(_ c: Canvas, _ f: PlotFrame) {
        guard let p = model.partition else { return }
        c.save()
        c.rect(f.x, f.y, f.width, f.height); c.clip()
        if let n = model.hoverNeuron, n.layer >= 1, n.layer <= p.hiddenWidths.count {
            // The neuron's bent hyperplane: every edge it created.
            c.lineWidth(2.6)
            for e in p.edges(ofNeuron: n.layer - 1, index: n.index) {
                let (a, b) = p.edgeEndpoints(e)
                c.move(f.px(p.vertexX[a]), f.py(p.vertexY[a])); c.line(f.px(p.vertexX[b]), f.py(p.vertexY[b]))
            }
            c.color(RGBA(hex: 0xF2B705)); c.stroke()
        }
        for (face, color, width) in [(model.hoverFace, RGBA(0.1, 0.1, 0.1, 0.9), 2.0), (model.pinnedFace, RGBA(hex: 0xF2B705), 3.0)] {
            guard let face, face < p.faceCount else { continue }
            c.polyline(p.polygon(face).map { (f.px($0.x), f.py($0.y)) }); c.close()
            c.lineWidth(width + 2); c.color(RGBA(1, 1, 1, 0.9)); c.stroke()
            c.polyline(p.polygon(face).map { (f.px($0.x), f.py($0.y)) }); c.close()
            c.lineWidth(width); c.color(color); c.stroke()
        }
        if let q = model.hoverPoint {
            c.circle(f.px(q.x), f.py(q.y), 3); c.color(Palette.ink); c.fill()
        }
        c.restore()
    }
}
