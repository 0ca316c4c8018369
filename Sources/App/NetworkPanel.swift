import AppCore
import CGtk
import Drawing
import Foundation
import GtkKit
import NeuralNet
import Regions

/// Every neuron, coloured by its pre-activation at the hovered point; hovering a neuron shows its
/// bias and incoming weights here and its bent hyperplane in the region map, and hovering an
/// edge in the map lights up the neuron that made it. The caption above says which neuron is in
/// focus. The diagram is drawn on a render thread (thousands of connections) and painted as a
/// finished picture.
@MainActor
final class NetworkPanel {
    let widget: Widget
    /// The line above the diagram: what to do, or which neuron is in focus.
    let caption: Widget
    private unowned let core: AppCore
    private let renderer = LayerRenderer(name: "nnviz network layer")
    private let connections = ConnectionCache()
    private var layer: RasterLayer?
    private var requestedKey = ""
    private var requestedNetwork: MLP?
    /// When a new network was last sent to be drawn, and whether a later refresh is waiting.
    private var lastNetworkRender: ContinuousClock.Instant?
    private var refreshScheduled = false
    private var stopped = false
    private static let idleCaption = "Network — hover a neuron, or an edge in the map"

    init(core: AppCore) {
        self.core = core
        caption = UI.label(Self.idleCaption, css: "dim-label")
        gtk_label_set_ellipsize(opaque(caption), PANGO_ELLIPSIZE_END)
        UI.accessible(caption, "Network focus")
        widget = UI.drawingArea(width: 300, height: 150) { _, _, _ in }
        UI.expand(widget, h: true, v: true)
        UI.accessible(widget, "Network", description: "Neurons coloured by their pre-activation at the hovered point")
        setDrawFunction(widget) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        UI.motion(
            widget,
            move: { [unowned self] x, y in self.pointerMoved(to: x, y) },
            leave: { [unowned self] in self.core.clearNeuronHover() })
    }

    func stop() {
        stopped = true
        renderer.stop()
    }

    /// What the motion controller does for a pointer at device coordinates (x, y).
    func pointerMoved(to x: Double, _ y: Double) {
        guard let mlp = core.shownNetwork else { return }
        if let n = NetworkRenderer.neuron(at: x, y, mlp: mlp, box: box) {
            core.hoverNeuron(layer: n.layer, index: n.index)
        } else {
            core.clearNeuronHover()
        }
    }

    /// Device position of neuron `index` of column `layer` (tests, screenshots).
    func devicePoint(layer: Int, index: Int) -> (Double, Double)? {
        guard let mlp = core.shownNetwork else { return nil }
        let L = NetworkRenderer.layout(mlp, box: box)
        guard layer < L.columns.count, index < L.columns[layer].count else { return nil }
        let p = L.columns[layer].position(index)
        return (p.x, p.y)
    }

    private var box: (Double, Double, Double, Double) {
        (10, 4, Double(gtk_widget_get_width(widget)) - 20, Double(gtk_widget_get_height(widget)) - 8)
    }

    /// The caption's words for the neuron in focus.
    private var focusText: String {
        if let n = core.hoverNeuron, let mlp = core.shownNetwork {
            let depth = mlp.hiddenLayerCount
            if n.layer == 0 { return "input \(n.index)" }
            if n.layer > depth { return "output \(n.index)" }
            let edges = focusEdgeCount(layer: n.layer, index: n.index)
            return "neuron \(n.index) of layer \(n.layer) — "
                + (edges > 0 ? "its bent hyperplane is cyan in the map" : "no edge of it in the map's view")
        }
        if let e = core.edgeDescription { return e.prefix(1).uppercased() + e.dropFirst() + " (lit in cyan)" }
        return Self.idleCaption
    }

    private var edgeCountKey = ""
    private var edgeCount = 0

    /// How many map edges a hidden neuron made (counted once per neuron and partition).
    private func focusEdgeCount(layer: Int, index: Int) -> Int {
        let key = "\(layer).\(index)|\(core.mapPartitionKey)"
        guard key != edgeCountKey else { return edgeCount }
        edgeCountKey = key
        guard let p = core.mapPartition, layer <= p.hiddenWidths.count, index < p.hiddenWidths[layer - 1] else {
            edgeCount = 0
            return 0
        }
        edgeCount = p.edges(ofNeuron: layer - 1, index: index).count
        return edgeCount
    }

    /// Asks for a new picture when the network, the hovered point or neuron, the style or the
    /// size changed.
    func refresh() {
        let text = focusText
        if String(cString: gtk_label_get_text(opaque(caption))) != text { UI.setText(caption, text) }
        let w = Double(gtk_widget_get_width(widget))
        let h = Double(gtk_widget_get_height(widget))
        guard w > 1, h > 1 else { return }
        let mlp = core.shownNetwork
        let task = core.task
        let scale = core.view.textScale
        var style = NetworkStyle()
        style.point = core.hoverPoint.map { Point2($0.x, $0.y) }
        style.highlight = core.focusNeuron.map { NeuronID(layer: $0.layer, index: $0.index) }
        style.minWeight = core.view.minConnectionWeight
        style.shownLayers = core.shownLayerLimit
        style.inputLabels = core.axisNames
        style.task = mlp.map { task.outputCount == $0.outputCount ? task : .binary } ?? .binary
        let key =
            "\(style.point.map { "\($0.x),\($0.y)" } ?? "-")|\(style.highlight.map { "\($0.layer).\($0.index)" } ?? "-")|"
            + "\(Int(w))x\(Int(h))|\(scale)|\(style.minWeight)|\(style.shownLayers ?? 0)"
        guard key != requestedKey || mlp != requestedNetwork else { return }
        if key == requestedKey, let last = lastNetworkRender, ContinuousClock.now - last < .milliseconds(300) {
            // Only the weights changed (training): at most about three new diagrams a second, so
            // a wide network's thousands of connections do not take a core from the training
            // and the partitions. The newest network is drawn when the pause is over.
            if !refreshScheduled {
                refreshScheduled = true
                every(milliseconds: 300) { [weak self] in
                    // The window may have closed meanwhile (and the core with it).
                    guard let self, !self.stopped else { return false }
                    self.refreshScheduled = false
                    self.refresh()
                    return false
                }
            }
            return
        }
        if mlp != requestedNetwork { lastNetworkRender = ContinuousClock.now }
        requestedKey = key
        requestedNetwork = mlp
        // The connections follow neither the hovered point nor the hovered neuron: they are kept
        // while the pointer moves, and the focus is drawn over them.
        let linesKey = "\(Int(w))x\(Int(h))|\(scale)|\(style.minWeight)|\(style.task)"
        let cache = connections
        renderer.request(key: key, width: Int(w), height: Int(h)) { [style] c in
            c.textScale = scale
            c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
            guard let mlp else { return }
            let box = (10.0, 4.0, w - 20, h - 8)
            cache.paint(c, key: linesKey, mlp: mlp, width: Int(w), height: Int(h)) {
                NetworkRenderer.drawConnections($0, mlp, box: box, style: style)
            }
            NetworkRenderer.drawFocus(c, mlp, box: box, style: style)
            NetworkRenderer.drawNeurons(c, mlp, box: box, style: style)
        } deliver: { [weak self] layer in
            guard let self else { return }
            self.layer = layer
            UI.redraw(self.widget)
        }
    }

    /// The painted picture shows what the core holds now.
    var isUpToDate: Bool { layer != nil && layer?.key == requestedKey }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let c = Canvas(cr: cr, width: w, height: h)
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        if let layer, layer.width == Int(w), layer.height == Int(h) { layer.paint(cr) } else { refresh() }
    }
}
