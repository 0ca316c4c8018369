import AppCore
import CGtk
import Drawing
import Foundation
import GtkKit
import NeuralNet

/// Neurons coloured by their activation at the hovered point; hovering a neuron highlights its
/// connections here and its edges in the region map. The diagram is drawn on a render thread
/// (its hundreds of strokes cost a frame tens of milliseconds) and painted as a finished picture.
@MainActor
final class NetworkPanel {
    let widget: Widget
    private unowned let core: AppCore
    private let renderer = LayerRenderer(name: "nnviz network layer")
    private var layer: RasterLayer?
    private var requestedKey = ""
    private var requestedNetwork: MLP?

    init(core: AppCore) {
        self.core = core
        widget = UI.drawingArea(width: 300, height: 150) { _, _, _ in }
        UI.expand(widget, h: true, v: true)
        UI.accessible(widget, "Network", description: "Neurons coloured by their pre-activation at the hovered point")
        setDrawFunction(widget) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        UI.motion(
            widget,
            move: { [unowned self] x, y in
                guard let mlp = self.core.shownNetwork else { return }
                if let n = NetworkRenderer.neuron(at: x, y, mlp: mlp, box: self.box) {
                    self.core.hoverNeuron(layer: n.layer, index: n.index)
                } else {
                    self.core.clearNeuronHover()
                }
            }, leave: { [unowned self] in self.core.clearNeuronHover() })
    }

    func stop() { renderer.stop() }

    private var box: (Double, Double, Double, Double) {
        (10, 4, Double(gtk_widget_get_width(widget)) - 20, Double(gtk_widget_get_height(widget)) - 8)
    }

    /// Asks for a new picture when the network, the hovered point or neuron, or the size changed.
    func refresh() {
        let w = Double(gtk_widget_get_width(widget))
        let h = Double(gtk_widget_get_height(widget))
        guard w > 1, h > 1 else { return }
        let mlp = core.shownNetwork
        let task = core.task
        let scale = core.view.textScale
        let point = core.hoverPoint.map { Point2($0.x, $0.y) }
        let highlight = core.hoverNeuron.map { NeuronID(layer: $0.layer, index: $0.index) }
        let key =
            "\(point.map { "\($0.x),\($0.y)" } ?? "-")|\(highlight.map { "\($0.layer).\($0.index)" } ?? "-")|\(Int(w))x\(Int(h))|\(scale)"
        guard key != requestedKey || mlp != requestedNetwork else { return }
        requestedKey = key
        requestedNetwork = mlp
        renderer.request(key: key, width: Int(w), height: Int(h)) { c in
            c.textScale = scale
            c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
            guard let mlp else { return }
            NetworkRenderer.draw(
                c, mlp, box: (10, 4, w - 20, h - 8), point: point, highlight: highlight,
                task: task.outputCount == mlp.outputCount ? task : .binary)
        } deliver: { [weak self] layer in
            guard let self else { return }
            self.layer = layer
            UI.redraw(self.widget)
        }
    }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let c = Canvas(cr: cr, width: w, height: h)
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        if let layer, layer.width == Int(w), layer.height == Int(h) { layer.paint(cr) } else { refresh() }
    }
}
