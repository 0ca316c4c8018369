import CGtk
import Drawing
import GtkKit
import NeuralNet
import Regions

/// The logit surface in 3-D: drag rotates, wheel zooms, double-click resets; the hovered
/// region is highlighted.
@MainActor
final class SurfacePanel {
    let widget: Widget
    private unowned let model: AppModel
    private var startView: SurfaceView?
    private(set) var lastDrawMilliseconds = 0.0
    private(set) var drawCount = 0
    private var geometry: SurfaceGeometry?
    private var geometryKey = ""

    init(model: AppModel) {
        self.model = model
        widget = UI.drawingArea(width: 380, height: 300) { _, _, _ in }
        UI.expand(widget, h: true, v: true)
        setDrawFunction(widget) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        UI.drag(widget, begin: { [unowned self] _, _ in self.startView = self.model.surfaceView },
                update: { [unowned self] dx, dy in
            guard var v = self.startView else { return }
            v.azimuth -= dx * 0.45
            v.elevation = min(89, max(2, v.elevation + dy * 0.35))
            self.model.surfaceView = v
            UI.redraw(self.widget)
        }, end: { [unowned self] _, _ in self.startView = nil })
        UI.scroll(widget) { [unowned self] _, dy in
            self.model.surfaceView.zoom = min(8, max(0.3, self.model.surfaceView.zoom * (dy > 0 ? 1 / 1.15 : 1.15)))
            UI.redraw(self.widget)
            return true
        }
        UI.click(widget) { [unowned self] n, _, _ in
            if n == 2 { self.model.surfaceView = SurfaceView(); UI.redraw(self.widget) }
        }
    }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let start = ContinuousClock.now
        let c = Canvas(cr: cr, width: w, height: h)
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        guard let p = model.partition else { return }
        var style = SurfaceStyle()
        style.colorMode = model.coloring == .pattern ? .pattern : (model.coloring == .slope ? .slope(for: p) : .logit(for: p))
        style.showEdges = p.faceCount < 3000
        style.highlightFace = model.inspectedFace
        let key = "\(model.partitionGeneration)|\(model.coloring)"
        if key != geometryKey || geometry == nil {
            geometry = SurfaceGeometry(p, colorMode: style.colorMode)
            geometryKey = key
        }
        SurfaceRenderer.draw(c, p, box: (6, 6, w - 12, h - 12), view: model.surfaceView, style: style, geometry: geometry)
        let d = ContinuousClock.now - start
        lastDrawMilliseconds = Double(d.components.attoseconds) * 1e-15 + Double(d.components.seconds) * 1000
        drawCount += 1
    }
}

/// Neurons coloured by their activation at the hovered point; hovering a neuron highlights its
/// connections here and its edges in the region map.
@MainActor
final class NetworkPanel {
    let widget: Widget
    private unowned let model: AppModel

    init(model: AppModel) {
        self.model = model
        widget = UI.drawingArea(width: 380, height: 230) { _, _, _ in }
        UI.expand(widget, h: true, v: true)
        setDrawFunction(widget) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        UI.motion(widget, move: { [unowned self] x, y in
            guard let mlp = self.model.shownNetwork else { return }
            let n = NetworkRenderer.neuron(at: x, y, mlp: mlp, box: self.box)
            if n != self.model.hoverNeuron { self.model.hoverNeuron = n; self.model.changed(.hover) }
        }, leave: { [unowned self] in
            if self.model.hoverNeuron != nil { self.model.hoverNeuron = nil; self.model.changed(.hover) }
        })
    }

    private var box: (Double, Double, Double, Double) {
        (10, 4, Double(gtk_widget_get_width(widget)) - 20, Double(gtk_widget_get_height(widget)) - 8)
    }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let c = Canvas(cr: cr, width: w, height: h)
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        guard let mlp = model.shownNetwork else { return }
        let p = model.hoverPoint.map { Point2($0.x, $0.y) }
        NetworkRenderer.draw(c, mlp, box: (10, 4, w - 20, h - 8), point: p, highlight: model.hoverNeuron)
    }
}

/// Loss, accuracy and regions per epoch, with the values under the cursor.
@MainActor
final class CurvesPanel {
    let widget: Widget
    private unowned let model: AppModel
    private var hoverEpoch: Int?

    init(model: AppModel) {
        self.model = model
        widget = UI.drawingArea(width: 260, height: 200) { _, _, _ in }
        setDrawFunction(widget) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        UI.motion(widget, move: { [unowned self] x, _ in
            self.hoverEpoch = CurvesRenderer.epoch(at: x, box: (0, 0, Double(gtk_widget_get_width(self.widget)), 0), epochs: self.model.history.count)
            UI.redraw(self.widget)
        }, leave: { [unowned self] in self.hoverEpoch = nil; UI.redraw(self.widget) })
    }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let c = Canvas(cr: cr, width: w, height: h)
        let history = model.history
        var regions: [Double] = []
        var last = Double.nan
        for s in history {
            if let r = model.regionCounts[s.epoch] { last = Double(r) }
            regions.append(last)
        }
        let prefix = hoverEpoch.map { "epoch \($0): " } ?? (history.isEmpty ? "" : "epoch \(history.count): ")
        CurvesRenderer.draw(c, [
            Curve(label: prefix + "loss", values: history.map(\.loss), color: RGBA(hex: 0xE4572E), format: { String(format: "%.4f", $0) }),
            Curve(label: "accuracy", values: history.map { $0.accuracy * 100 }, color: RGBA(hex: 0x3B7DD8), format: { String(format: "%.2f %%", $0) }),
            Curve(label: "regions", values: regions, color: RGBA(hex: 0x4E9A5B), format: { $0.isFinite ? String(Int($0)) : "—" }),
        ], box: (0, 0, w, h), hoverEpoch: hoverEpoch)
    }
}
