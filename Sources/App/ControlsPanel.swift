import CGtk
import Foundation
import GtkKit
import NeuralNet

/// Hyper-parameters, training buttons, status, curves, timeline and view options.
@MainActor
final class ControlsPanel {
    let widget: Widget
    private unowned let model: AppModel
    private var playButton: Widget!
    private var status: Widget!
    private var timeline: Widget!
    private var timelineLabel: Widget!
    private var widthsEntry: Widget!
    private var updatingTimeline = false
    let curves: CurvesPanel

    init(model: AppModel) {
        self.model = model
        curves = CurvesPanel(model: model)
        widget = UI.box(true, spacing: 8)
        UI.margins(widget, 10)
        gtk_widget_set_size_request(widget, 280, -1)

        let grid = gtk_grid_new()!
        gtk_grid_set_row_spacing(cast(grid), 4)
        gtk_grid_set_column_spacing(cast(grid), 8)
        var row: Int32 = 0
        func add(_ title: String, _ w: Widget, tooltip: String? = nil) {
            let l = UI.label(title)
            if let tooltip { gtk_widget_set_tooltip_text(l, tooltip); gtk_widget_set_tooltip_text(w, tooltip) }
            gtk_grid_attach(cast(grid), l, 0, row, 1, 1)
            gtk_widget_set_hexpand(w, 1)
            gtk_grid_attach(cast(grid), w, 1, row, 1, 1)
            row += 1
        }
        let s = model.settings
        widthsEntry = UI.entry(s.widths.map(String.init).joined(separator: ",")) { [unowned self] text in self.applyWidths(text) }
        add("Hidden layers", widthsEntry, tooltip: "Widths per layer, e.g. 16,16,8 (Enter applies and resets)")
        let width = UI.spin(1, 512, step: 1, value: Double(s.widths.first ?? 16), digits: 0) { [unowned self] v in
            self.applyWidths(Array(repeating: String(Int(v)), count: self.model.settings.widths.count).joined(separator: ","))
        }
        add("Width", width, tooltip: "Neurons in every hidden layer")
        let depth = UI.spin(1, 12, step: 1, value: Double(s.widths.count), digits: 0) { [unowned self] v in
            let w = self.model.settings.widths.first ?? 16
            self.applyWidths(Array(repeating: String(w), count: Int(v)).joined(separator: ","))
        }
        add("Depth", depth, tooltip: "Number of hidden layers")
        let slope = UI.spin(0, 0.5, step: 0.01, value: s.activation.negativeSlope, digits: 3) { [unowned self] v in
            if !self.model.settings.activation.isReLU { self.model.settings.activation = .leakyReLU(v) }
        }
        add("Activation", UI.dropDown(["ReLU", "LeakyReLU"], selected: s.activation.isReLU ? 0 : 1) { [unowned self] i in
            self.model.settings.activation = i == 0 ? .relu : .leakyReLU(max(0.001, gtk_spin_button_get_value(opaque(slope))))
            self.model.resetTraining()
        })
        add("Negative slope", slope, tooltip: "LeakyReLU's slope for negative inputs (applies on Reset)")
        add("Learning rate", UI.spin(0.00001, 1, step: 0.001, value: s.learningRate, digits: 5) { [unowned self] v in
            self.model.setLearningRate(v)
        }, tooltip: "AdamW learning rate; applies immediately, no reset needed")
        add("Weight decay", UI.spin(0, 0.1, step: 0.0001, value: s.weightDecay, digits: 5) { [unowned self] v in self.model.settings.weightDecay = v },
            tooltip: "AdamW weight decay (applies on Reset)")
        add("Batch size", UI.spin(1, 65536, step: 256, value: Double(s.batchSize), digits: 0) { [unowned self] v in self.model.settings.batchSize = Int(v) },
            tooltip: "Pixels per mini-batch (applies on Reset)")
        add("Threshold", UI.spin(0, 0.99, step: 0.05, value: s.threshold, digits: 2) { [unowned self] v in self.model.settings.threshold = v },
            tooltip: "Pixels darker than this are label 1 (applies on Reset)")
        add("Seed", UI.spin(0, 1_000_000, step: 1, value: Double(s.seed), digits: 0) { [unowned self] v in self.model.settings.seed = UInt64(v) },
            tooltip: "Initialisation and shuffling (applies on Reset)")
        add("Epoch limit", UI.spin(1, 100_000, step: 100, value: Double(s.epochs), digits: 0) { [unowned self] v in self.model.settings.epochs = Int(v) },
            tooltip: "Training stops here (applies on Reset)")
        UI.append(widget, grid)

        let buttons = UI.box(false, spacing: 6)
        playButton = UI.button("▶ Play", tooltip: "Play / pause training (Space)") { [unowned self] in self.model.togglePlay() }
        UI.append(buttons, playButton,
                  UI.button("Step", tooltip: "Train one epoch (Right)") { [unowned self] in self.model.step() },
                  UI.button("Reset", tooltip: "New network from these settings (Ctrl+R)") { [unowned self] in self.model.resetTraining() })
        gtk_widget_set_hexpand(playButton, 1)
        UI.append(widget, buttons)
        status = UI.label("", css: "dim-label")
        gtk_label_set_wrap(opaque(status), 1)
        UI.append(widget, status)
        UI.append(widget, curves.widget)

        timelineLabel = UI.label("Timeline: live")
        timeline = UI.scale(0, 1, step: 1, value: 1) { [unowned self] v in
            guard !self.updatingTimeline else { return }
            let n = self.model.timeline.count
            self.model.scrub(to: n == 0 ? nil : Int(v.rounded()))
        }
        gtk_scale_set_draw_value(cast(timeline), 0)
        UI.append(widget, timelineLabel, timeline)

        UI.append(widget, UI.label("View", css: "heading"))
        UI.append(widget, UI.dropDown(RegionColoring.allCases.map(\.title), selected: 0) { [unowned self] i in
            self.model.coloring = RegionColoring(rawValue: i) ?? .pattern
            self.model.changed(.view)
        })
        let checks = gtk_grid_new()!
        gtk_grid_set_column_spacing(cast(checks), 6)
        let items: [(String, Bool, (Bool) -> Void)] = [
            ("Edges", model.showEdges, { [unowned self] v in self.model.showEdges = v }),
            ("By layer", model.edgesByLayer, { [unowned self] v in self.model.edgesByLayer = v }),
            ("Boundary", model.showBoundary, { [unowned self] v in self.model.showBoundary = v }),
            ("Pixels", model.showPixels, { [unowned self] v in self.model.showPixels = v }),
        ]
        for (i, item) in items.enumerated() {
            let c = UI.check(item.0, active: item.1) { [unowned self] v in item.2(v); self.model.changed(.view) }
            gtk_grid_attach(cast(checks), c, Int32(i % 2), Int32(i / 2), 1, 1)
        }
        UI.append(widget, checks)
        let opacity = UI.scale(0, 1, step: 0.05, value: model.pixelOpacity) { [unowned self] v in
            self.model.pixelOpacity = v
            if self.model.showPixels { self.model.changed(.view) }
        }
        gtk_widget_set_tooltip_text(opacity, "Opacity of the training pixels under the regions")
        UI.append(widget, opacity)
    }

    private func applyWidths(_ text: String) {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 512 }), parts.count <= 12 else {
            model.show(message: "Hidden layers: give 1 to 12 widths between 1 and 512, e.g. 16,16,8")
            return
        }
        model.settings.widths = parts.map { $0! }
        UI.setEntryText(widthsEntry, model.settings.widths.map(String.init).joined(separator: ","))
        model.resetTraining()
    }

    func refresh() {
        UI.setLabel(playButton, model.isTraining ? "⏸ Pause" : "▶ Play")
        let h = model.history
        var parts: [String] = []
        if model.dataset == nil && model.loadedModel == nil { parts.append("No image yet: Open image… or drop one on the window.") }
        if let last = h.last {
            parts.append("epoch \(last.epoch) / \(model.settings.epochs) · loss \(String(format: "%.4f", last.loss)) · acc \(String(format: "%.1f", last.accuracy * 100)) %")
        } else if model.dataset != nil {
            parts.append("Ready: press Play (Space) or Step (→).")
        }
        if let p = model.partition {
            parts.append("\(p.faceCount) exact regions (\(String(format: "%.0f", model.partitionSeconds * 1000)) ms)")
        }
        UI.setText(status, parts.joined(separator: "\n"))
        updatingTimeline = true
        let n = model.timeline.count
        gtk_range_set_range(cast(timeline), 0, Double(max(n - 1, 1)))
        gtk_range_set_value(cast(timeline), Double(model.timelineIndex ?? max(n - 1, 0)))
        updatingTimeline = false
        UI.setText(timelineLabel, model.timelineIndex == nil ? "Timeline: live (\(n) snapshots)" : "Timeline: epoch \(model.shownEpoch) of \(model.live?.epoch ?? 0)")
        UI.redraw(curves.widget)
    }
}
