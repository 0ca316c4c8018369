import AppCore
import CGtk
import Drawing
import Foundation
import GtkKit
import NeuralNet
import Regions

/// The main view: the exact partition of the visible box. Wheel zooms towards the cursor, drag
/// pans, double-click resets; hover inspects a region, click pins it. The face layer is rendered
/// off the main thread; a redraw paints the last complete layer, the axes and the highlights.
@MainActor
final class RegionMapPanel {
    let widget: Widget
    private unowned let core: AppCore
    private var layer: RasterLayer?
    private var requestedKey = ""
    private let renderer: LayerRenderer
    private var dragStartBox: Domain?
    private var dragMoved = false
    /// A Shift+click sets a point of the 1-D view's line instead of pinning.
    private var lineClick = false
    /// Milliseconds of the last redraw and of the last face-layer rendering (for --bench).
    private(set) var lastDrawMilliseconds = 0.0
    private(set) var lastLayerMilliseconds = 0.0
    private(set) var drawCount = 0
    private(set) var layersReceived = 0
    /// Called when the map is drawn at a new size (the window traces where the map is).
    var onResize: (@MainActor () -> Void)?
    private var drawnSize = (0.0, 0.0)
    private var colorBarKey = ""
    private var cachedColorBar: ColorBar?
    /// The edges of the neuron in focus, for the partition and neuron in `focusEdgesKey`.
    private var focusEdgesKey = ""
    private var focusEdges: [Int] = []

    init(core: AppCore) {
        self.core = core
        widget = gtk_drawing_area_new()!
        renderer = LayerRenderer(name: "nnviz map layer")
        UI.expand(widget)
        gtk_widget_set_size_request(widget, 320, 280)
        gtk_widget_set_focusable(widget, 1)
        UI.accessible(widget, "Region map", description: "The exact linear regions of the network over the input plane")
        setDrawFunction(widget) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        UI.motion(
            widget,
            move: { [unowned self] x, y in self.pointerMoved(to: x, y) },
            leave: { [unowned self] in
                self.core.hover(at: nil)
                self.core.hoverEdge(at: nil, tolerance: 0)
            })
        UI.scroll(widget) { [unowned self] _, dy in
            self.core.zoom(by: dy > 0 ? 1.2 : 1 / 1.2)
            return true
        }
        UI.drag(
            widget,
            begin: { [unowned self] _, _ in
                self.dragStartBox = self.core.viewBox
                self.dragMoved = false
            },
            update: { [unowned self] dx, dy in
                guard let start = self.dragStartBox, abs(dx) + abs(dy) > 3 else { return }
                self.dragMoved = true
                let f = self.frame(for: start)
                let sx = dx / f.width * start.width
                let sy = dy / f.height * start.height
                self.core.setViewBox(Domain(x0: start.x0 - sx, x1: start.x1 - sx, y0: start.y0 + sy, y1: start.y1 + sy))
            },
            end: { [unowned self] _, _ in
                if !self.dragMoved && !self.lineClick { self.core.togglePin() }
                self.lineClick = false
                self.dragStartBox = nil
            })
        UI.click(widget) { [unowned self] n, _, _ in
            gtk_widget_grab_focus(self.widget)
            if n == 2 { self.core.resetView() }
        }
        let shiftClick = gtk_gesture_click_new()!
        Signal.connectClick(gptr(shiftClick), "pressed") { [unowned self] _, x, y in
            let state = gtk_event_controller_get_current_event_state(shiftClick)
            guard state.rawValue & GDK_SHIFT_MASK.rawValue != 0, let p = self.domainPoint(x, y) else { return }
            self.lineClick = true
            self.core.addLinePoint(p)
        }
        UI.add(shiftClick, to: widget)
    }

    func stop() { renderer.stop() }

    /// The painted face layer shows what the core holds now.
    var isUpToDate: Bool { layer != nil && layer?.key == requestedKey }

    /// What the motion controller does for a pointer at device coordinates (x, y).
    func pointerMoved(to x: Double, _ y: Double) {
        let p = domainPoint(x, y)
        core.hover(at: p)
        // An edge within 4 px names the neuron that made it.
        let f = frame(for: core.viewBox)
        core.hoverEdge(at: p, tolerance: 4 * core.viewBox.width / max(f.width, 1))
    }

    private var size: (Double, Double) {
        (Double(gtk_widget_get_width(widget)), Double(gtk_widget_get_height(widget)))
    }

    func frame(for box: Domain, size s: (Double, Double)? = nil) -> PlotFrame {
        let (w, h) = s ?? size
        // The margins for tick labels and axis names grow with the text.
        let s = core.view.textScale
        return PlotFrame(
            domain: box, fitting: 58 * s, 16, max(w - 16 - 58 * s - legendWidth, 10), max(h - 16 - 36 * s, 10))
    }

    /// Room right of the plot for the key to the current colouring and edge colours.
    private var legendWidth: Double {
        let v = core.mapView
        var w = 0.0
        switch v.coloring {
        case .slope, .value, .margin: w = 96
        case .classes: w = 136
        default: break
        }
        if v.showEdges && v.edgesByLayer { w = max(w, 80) }
        return w * v.textScale
    }

    /// The colour bar of the shown colouring, computed once per partition and colouring (its
    /// range scans every face).
    private func colorBar() -> ColorBar? {
        guard let p = core.mapPartition else { return nil }
        let v = core.mapView
        let key = "\(core.mapPartitionKey)|\(v.coloring)|\(v.output ?? -1)"
        if key != colorBarKey {
            colorBarKey = key
            cachedColorBar = TaskStyle.colorMode(v, core.task, p).colorBar
        }
        return cachedColorBar
    }

    /// The legends beside the plot: a colour bar (slope, value, margin), the class colours,
    /// and the hidden layers' edge colours under them.
    private func drawLegends(_ c: Canvas, _ f: PlotFrame) {
        guard legendWidth > 0, let p = core.mapPartition else { return }
        let v = core.mapView
        let s = v.textScale
        let x = f.x + f.width + 14
        var bottom = f.y + f.height
        if v.showEdges && v.edgesByLayer {
            let layers = p.hiddenWidths.count
            let height = 18 * s * Double(layers + 1)
            LayerLegend.draw(c, layers: layers, x: x, y: bottom - height, rowHeight: 18 * s, fontSize: 10.5)
            bottom -= height + 16 * s
        }
        switch v.coloring {
        case .slope, .value, .margin:
            colorBar()?.draw(c, x: x, y: f.y, width: 14, height: max(bottom - f.y, 40), fontSize: 10.5)
        case .classes:
            if case .classTint(let colors) = TaskStyle.colorMode(v, core.task, p) {
                ClassLegend.draw(c, colors, x: x, y: f.y, rowHeight: 19 * s, fontSize: 10.5, tinted: true)
            }
        default: break
        }
    }

    func domainPoint(_ x: Double, _ y: Double) -> Point? {
        let f = frame(for: core.viewBox)
        guard x >= f.x, x <= f.x + f.width, y >= f.y, y <= f.y + f.height else { return nil }
        let (u, v) = f.domainPoint(x, y)
        return Point(u, v)
    }

    /// Device position of a domain point (for tests and the end-to-end check).
    func devicePoint(_ p: Point) -> (Double, Double) {
        let f = frame(for: core.viewBox)
        return (f.px(p.x), f.py(p.y))
    }

    /// The key of the face layer that matches what the core shows now.
    private func layerKey(_ w: Double, _ h: Double) -> String {
        let v = core.mapView
        return
            "\(core.mapPartitionKey)|\(core.viewBox)|\(Int(w))x\(Int(h))|\(v.coloring)|\(v.output ?? -1)|\(v.showEdges)|\(v.edgesByLayer)|"
            + "\(v.showBoundary)|\(v.showPixels)|\(v.pixelOpacity)|\(v.textScale)|\(core.dataset?.threshold ?? -1)|"
            + "\(core.labelPreview.map { "\($0.threshold),\($0.inverted)" } ?? "-")"
    }

    /// Asks for a new face layer when the partition, the box, the size or the style changed.
    func refresh() {
        let (w, h) = size
        guard w > 1, h > 1 else { return }
        let key = layerKey(w, h)
        guard key != requestedKey else { return UI.redraw(widget) }
        requestedKey = key
        let f = frame(for: core.viewBox, size: (w, h))
        let partition = core.mapPartition
        var shown = core.mapView
        // A pending threshold shows its labels under the regions, even with Pixels off.
        let dataset = core.labelPreview ?? (shown.showPixels ? core.dataset : nil)
        if core.labelPreview != nil { shown.pixelOpacity = max(shown.pixelOpacity, 0.6) }
        let view = shown
        let task = core.task
        renderer.request(key: key, width: Int(w), height: Int(h)) { c in
            Self.drawFaces(c, partition: partition, frame: f, view: view, task: task, dataset: dataset)
        } deliver: { [weak self] layer in
            self?.receive(layer)
        }
        UI.redraw(widget)
    }

    private func receive(_ layer: RasterLayer) {
        self.layer = layer
        lastLayerMilliseconds = layer.milliseconds
        layersReceived += 1
        UI.redraw(widget)
    }

    /// The face layer: pixels underneath, then the regions, their edges and the boundary.
    private nonisolated static func drawFaces(
        _ c: Canvas, partition: Partition?, frame f: PlotFrame, view: ViewOptions, task: LearningTask, dataset: Dataset?
    ) {
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, c.width, c.height)
        if let d = dataset {
            c.save()
            c.rect(f.x, f.y, f.width, f.height)
            c.clip()
            TaskStyle.drawUnderlay(c, d, in: f)
            c.restore()
        }
        guard let p = partition else { return }
        var style = RegionMapStyle()
        style.colorMode = TaskStyle.colorMode(view, task, p)
        style.showEdges = view.showEdges
        style.edgesByLayer = view.edgesByLayer
        // A regression has no decision to draw: its outputs are a picture, not rival classes.
        style.showBoundary = view.showBoundary && task.kind != .regression
        style.faceOpacity = dataset != nil ? 1 - 0.75 * view.pixelOpacity : 1
        style.edgeWidth = p.faceCount > 20_000 ? 0.3 : 0.6
        style.pixelExactFills = true
        // While the new box is computed, the previous partition is drawn where it overlaps.
        RegionMapRenderer.draw(c, p, frame: f, style: style)
    }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let start = ContinuousClock.now
        let canvas = Canvas(cr: cr, width: w, height: h)
        canvas.textScale = core.view.textScale
        canvas.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        if layerKey(w, h) != requestedKey { refresh() }
        if (w, h) != drawnSize {
            drawnSize = (w, h)
            onResize?()
        }
        let f = frame(for: core.viewBox)
        if let layer, layer.width == Int(w), layer.height == Int(h) { layer.paint(cr) }
        drawHighlights(canvas, f)
        drawLine(canvas, f)
        if let plane = core.plane {
            AnchorMarker.draw(canvas, plane.markers, frame: f)
            f.drawAxes(canvas, xLabel: core.axisNames.x, yLabel: core.axisNames.y, fontSize: 10.5)
        } else {
            f.drawAxes(canvas, fontSize: 10.5)
        }
        drawLegends(canvas, f)
        if let caption = core.labelPreviewCaption {
            SampledView.label(
                canvas, caption, x: f.x + 8, y: f.y + f.height - 32, background: Palette.ink.with(alpha: 0.78))
        }
        if let k = core.shownLayerLimit, let mp = core.mapPartition, let depth = core.shownNetwork?.hiddenLayerCount {
            canvas.font(size: 10.5)
            canvas.color(Palette.mutedInk)
            canvas.text("after hidden layer \(k) of \(depth): \(mp.faceCount) regions", f.x, f.y - 4)
        }
        if let m = core.partitionMessage {
            SampledView.label(canvas, m.count > 70 ? String(m.prefix(70)) + "…" : m, x: f.x + 8, y: f.y + 8)
        } else if core.mapPartition == nil {
            canvas.color(Palette.mutedInk)
            canvas.font(size: 14)
            canvas.text(
                core.shownNetwork == nil ? "Open an image (Ctrl+O) or drop one here" : "Computing the exact regions…",
                w / 2, h / 2, anchor: .center)
        }
        let d = ContinuousClock.now - start
        lastDrawMilliseconds = Double(d.components.attoseconds) * 1e-15 + Double(d.components.seconds) * 1000
        drawCount += 1
    }

    private func drawHighlights(_ c: Canvas, _ f: PlotFrame) {
        guard let p = core.mapPartition else { return }
        c.save()
        c.rect(f.x, f.y, f.width, f.height)
        c.clip()
        if let n = core.focusNeuron, n.layer >= 1, n.layer <= p.hiddenWidths.count {
            // The neuron's bent hyperplane: every edge it created, in the colour only it uses, on
            // a dark casing so it stands out on any region colour.
            let key = "\(n.layer).\(n.index)|\(core.mapPartitionKey)"
            if key != focusEdgesKey {
                // Scanning every edge once per neuron and partition, not on every pointer motion.
                focusEdgesKey = key
                focusEdges = p.edges(ofNeuron: n.layer - 1, index: n.index)
            }
            let edges = focusEdges
            for (width, color) in [(4.8, Palette.ink.with(alpha: 0.85)), (2.6, Palette.focus)] {
                for e in edges {
                    let (a, b) = p.edgeEndpoints(e)
                    c.move(f.px(p.vertexX[a]), f.py(p.vertexY[a]))
                    c.line(f.px(p.vertexX[b]), f.py(p.vertexY[b]))
                }
                c.lineWidth(width)
                c.color(color)
                c.stroke()
            }
        }
        let outlines = [
            (core.mapHoverFace, RGBA(0.1, 0.1, 0.1, 0.9), 2.0), (core.mapPinnedFace, RGBA(hex: 0xF2B705), 3.0),
        ]
        for (face, color, width) in outlines {
            guard let face, face < p.faceCount else { continue }
            c.polyline(p.polygon(face).map { (f.px($0.x), f.py($0.y)) })
            c.close()
            c.lineWidth(width + 2)
            c.color(RGBA(1, 1, 1, 0.9))
            c.stroke()
            c.polyline(p.polygon(face).map { (f.px($0.x), f.py($0.y)) })
            c.close()
            c.lineWidth(width)
            c.color(color)
            c.stroke()
        }
        if let q = core.hoverPoint {
            c.circle(f.px(q.x), f.py(q.y), 3)
            c.color(Palette.ink)
            c.fill()
        }
        c.restore()
    }

    /// The 1-D view's line: its τ range thin and dashed, A to B solid, the points ringed.
    private func drawLine(_ c: Canvas, _ f: PlotFrame) {
        let ends = core.lineEnds
        guard !ends.isEmpty else { return }
        c.save()
        c.rect(f.x, f.y, f.width, f.height)
        c.clip()
        if ends.count == 2 {
            func at(_ t: Double) -> (Double, Double) {
                (f.px(ends[0].x + t * (ends[1].x - ends[0].x)), f.py(ends[0].y + t * (ends[1].y - ends[0].y)))
            }
            for (t0, t1, width, dash) in [(-0.5, 1.5, 1.5, [5.0, 4]), (0, 1, 2.5, [])] {
                c.polyline([at(t0), at(t1)])
                c.lineWidth(width + 2)
                c.color(RGBA(1, 1, 1, 0.85))
                c.dash(dash)
                c.stroke()
                c.polyline([at(t0), at(t1)])
                c.lineWidth(width)
                c.color(Palette.ink)
                c.stroke()
            }
            c.dash([])
        }
        for p in ends {
            c.circle(f.px(p.x), f.py(p.y), 5)
            c.color(RGBA(1, 1, 1))
            c.fill()
            c.circle(f.px(p.x), f.py(p.y), 3.5)
            c.color(Palette.boundary)
            c.fill()
        }
        c.restore()
    }
}
