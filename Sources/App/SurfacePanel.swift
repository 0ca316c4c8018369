import AppCore
import CGtk
import Drawing
import Foundation
import GtkKit
import NeuralNet
import Regions

/// The logit surface in 3-D: drag rotates, wheel zooms, double-click resets; the inspected
/// region is highlighted. Projection, facet sorting and painting grow with the face count, so
/// they run on a render thread; the panel paints the last finished picture.
@MainActor
final class SurfacePanel {
    let widget: Widget
    private unowned let core: AppCore
    private var startCamera: SurfaceCamera?
    private let renderer = LayerRenderer(name: "nnviz surface layer")
    private let geometry = GeometryCache()
    private var layer: RasterLayer?
    private var requestedKey = ""
    private(set) var lastLayerMilliseconds = 0.0
    private(set) var layersReceived = 0

    init(core: AppCore) {
        self.core = core
        widget = UI.drawingArea(width: 300, height: 180) { _, _, _ in }
        UI.expand(widget, h: true, v: true)
        UI.accessible(
            widget, "Logit surface", description: "The network's output over the plane in 3-D, one facet per region")
        setDrawFunction(widget) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        UI.drag(
            widget, begin: { [unowned self] _, _ in self.startCamera = self.core.camera },
            update: { [unowned self] dx, dy in
                guard var v = self.startCamera else { return }
                v.azimuth -= dx * 0.45
                v.elevation += dy * 0.35
                self.core.setCamera(v)
            }, end: { [unowned self] _, _ in self.startCamera = nil })
        UI.scroll(widget) { [unowned self] _, dy in
            var v = self.core.camera
            v.zoom *= dy > 0 ? 1 / 1.15 : 1.15
            self.core.setCamera(v)
            return true
        }
        UI.click(widget) { [unowned self] n, _, _ in
            if n == 2 { self.core.setCamera(SurfaceCamera()) }
        }
    }

    func stop() { renderer.stop() }

    /// Asks for a new picture when anything it shows changed.
    func refresh() {
        let w = Double(gtk_widget_get_width(widget))
        let h = Double(gtk_widget_get_height(widget))
        guard w > 1, h > 1, let p = core.partition else { return UI.redraw(widget) }
        let cam = core.camera
        let highlight = core.inspectedFace
        let view = core.view
        let task = core.task
        let axes = core.axisNames
        let look = "\(view.coloring)|\(view.output ?? -1)"
        let key = "\(core.partitionGeneration)|\(look)|\(cam)|\(highlight ?? -1)|\(Int(w))x\(Int(h))|\(view.textScale)"
        guard key != requestedKey else { return }
        requestedKey = key
        let geometryKey = "\(core.partitionGeneration)|\(look)"
        let cache = geometry
        renderer.request(key: key, width: Int(w), height: Int(h)) { c in
            c.textScale = view.textScale
            c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
            var style = SurfaceStyle()
            style.colorMode = TaskStyle.colorMode(view, task, p)
            style.height = TaskStyle.surfaceHeight(view, task)
            style.showEdges = p.faceCount < 3000
            style.highlightFace = highlight
            style.axisLabels = axes
            let geo = cache.geometry(for: geometryKey) {
                SurfaceGeometry(p, colorMode: style.colorMode, height: style.height)
            }
            SurfaceRenderer.draw(
                // Room on the left for the z axis's tick labels ("-200"), which grow with the text.
                c, p, box: (6 + 30 * view.textScale, 6, w - 12 - 30 * view.textScale, h - 12),
                view: SurfaceView(azimuth: cam.azimuth, elevation: cam.elevation, zoom: cam.zoom), style: style,
                geometry: geo)
        } deliver: { [weak self] layer in
            guard let self else { return }
            self.layer = layer
            self.lastLayerMilliseconds = layer.milliseconds
            self.layersReceived += 1
            UI.redraw(self.widget)
        }
    }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let c = Canvas(cr: cr, width: w, height: h)
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        if let layer, layer.width == Int(w), layer.height == Int(h) { layer.paint(cr) } else { refresh() }
    }
}

/// The newest surface geometry, built on the render thread and reused while only the camera or
/// the highlight changes.
private final class GeometryCache: @unchecked Sendable {
    private let lock = NSLock()
    private var key = ""
    private var value: SurfaceGeometry?

    func geometry(for k: String, build: () -> SurfaceGeometry) -> SurfaceGeometry {
        lock.lock()
        defer { lock.unlock() }
        if k == key, let value { return value }
        let g = build()
        key = k
        value = g
        return g
    }
}
