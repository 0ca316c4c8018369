import AppCore
import CGtk
import Foundation
import GtkKit

/// Under the network view: which hidden layers the region map is cut after ("Up to layer k",
/// the refinement layer by layer) and the weakest connection the diagram draws.
@MainActor
final class NetworkControls {
    let widget: Widget
    private unowned let core: AppCore
    private let layers: Widget
    private let threshold: Widget
    /// The depth the drop-down's items were made for.
    private var itemsDepth = -1
    private var updating = false

    init(core: AppCore) {
        self.core = core
        widget = UI.box(true, spacing: 0)
        layers = UI.dropDown(["All layers"], selected: 0) { _ in }
        UI.accessible(layers, "Layers shown")
        gtk_widget_set_tooltip_text(
            layers, "Show the regions after the first k hidden layers: how each layer refines the partition")
        threshold = UI.scale(0, 1, step: 0.05, value: core.view.minConnectionWeight) { _ in }
        gtk_scale_set_draw_value(cast(threshold), 1)
        gtk_scale_set_digits(cast(threshold), 2)
        gtk_widget_set_hexpand(threshold, 1)
        UI.accessible(threshold, "Connection threshold")
        gtk_widget_set_tooltip_text(
            threshold, "Hide connections weaker than this fraction of their layer's largest |w|")
        // One row: the right column must still fit a 768 px tall screen.
        gtk_scale_set_value_pos(cast(threshold), GTK_POS_RIGHT)
        gtk_widget_set_size_request(threshold, 70, -1)
        let row = UI.box(false, spacing: 6)
        UI.append(row, layers, UI.label("|w| ≥"), threshold)
        UI.append(widget, row)
        Signal.connect3(gptr(layers), "notify::selected") { [unowned self] in
            guard !self.updating else { return }
            let i = Int(gtk_drop_down_get_selected(opaque(self.layers)))
            self.core.setUpToLayer(i == 0 ? nil : i)
        }
        Signal.connect(gptr(threshold), "value-changed") { [unowned self] in
            guard !self.updating else { return }
            self.core.setMinConnectionWeight(gtk_range_get_value(cast(self.threshold)))
        }
        for w in [layers, threshold] { gtk_widget_set_focus_on_click(w, 0) }
    }

    /// Matches the controls to the shown network's depth and the view options.
    func refresh() {
        updating = true
        defer { updating = false }
        let depth = core.shownNetwork?.hiddenLayerCount ?? 0
        if depth != itemsDepth {
            itemsDepth = depth
            let items = ["All layers"] + (1..<max(depth, 1)).map { "Up to layer \($0)" }
            UI.setDropDownItems(layers, items, selected: 0)
        }
        gtk_drop_down_set_selected(opaque(layers), UInt32(core.shownLayerLimit ?? 0))
        gtk_widget_set_sensitive(layers, depth > 1 ? 1 : 0)
        if abs(gtk_range_get_value(cast(threshold)) - core.view.minConnectionWeight) > 1e-9 {
            gtk_range_set_value(cast(threshold), core.view.minConnectionWeight)
        }
    }
}
