import AppCore
import CGtk
import Foundation
import GtkKit
import NeuralNet

/// Hyper-parameters, training buttons, status, curves, timeline and view options. Every control
/// forwards to an intent of the core and shows the core's settings back (`refresh`), so the
/// controls always describe the network that exists or say what waits for Reset.
@MainActor
final class ControlsPanel {
    let widget: Widget
    private unowned let core: AppCore
    let curves: CurvesPanel
    private let task: Widget
    private let taskButtons: [Widget]
    private let classCount: Widget
    private let channels: Widget
    private let channelButtons: [Widget]
    private let widthsEntry: Widget
    private let width: Widget
    private let depth: Widget
    private let activation: Widget
    private let slope: Widget
    private let learningRate: Widget
    private let weightDecay: Widget
    private let batchSize: Widget
    private let threshold: Widget
    private let invert: Widget
    /// What the Play button shows, so that its content is rebuilt only when it changes.
    private var showsPause = false
    private let seed: Widget
    private let epochLimit: Widget
    private let testShare: Widget
    private let pending: Widget
    private let playButton: Widget
    private let stepButton: Widget
    private let resetButton: Widget
    private let status: Widget
    private let timelineLabel: Widget
    private let timeline: Widget
    private let resumeButton: Widget
    private let liveButton: Widget
    private let coloring: Widget
    /// The colourings and outputs the drop-downs list now (they depend on the task).
    private var coloringItems: [RegionColoring] = []
    private var coloringTitles: [String] = []
    private let output: Widget
    private var outputItems: [Int?] = []
    private var outputTitles: [String] = []
    private let checks: [Widget]
    private let opacity: Widget
    /// Set while the panel writes the core's values into its widgets: their signals then echo
    /// values the core already has, which the intents ignore, but the timeline must not scrub.
    private var updating = false

    init(core: AppCore) {
        self.core = core
        curves = CurvesPanel(core: core)
        widget = UI.box(true, spacing: 8)
        UI.margins(widget, 10)
        gtk_widget_set_size_request(widget, 250, -1)
        (task, taskButtons) = UI.segmented(["Binary", "Classes", "Regression"])
        classCount = Self.spin(
            Double(LearningTask.classRange.lowerBound), Double(LearningTask.classRange.upperBound), step: 1, digits: 0)
        (channels, channelButtons) = UI.segmented(["Grey", "RGB"])
        widthsEntry = gtk_entry_new()!
        gtk_editable_set_width_chars(opaque(widthsEntry), 8)
        width = Self.spin(1, 512, step: 1, digits: 0)
        depth = Self.spin(1, 12, step: 1, digits: 0)
        activation = UI.dropDown(["ReLU", "LeakyReLU"], selected: 1) { _ in }
        slope = Self.spin(0, 0.5, step: 0.01, digits: 3)
        learningRate = Self.spin(0.00001, 1, step: 0.001, digits: 5)
        weightDecay = Self.spin(0, 0.1, step: 0.0001, digits: 5)
        batchSize = Self.spin(1, 65536, step: 256, digits: 0)
        threshold = Self.spin(0, 1, step: 0.05, digits: 2)
        invert = gtk_check_button_new_with_label("Invert labels")!
        seed = Self.spin(0, 1_000_000, step: 1, digits: 0)
        epochLimit = Self.spin(1, 1_000_000, step: 100, digits: 0)
        testShare = Self.spin(0, 50, step: 5, digits: 0)
        pending = UI.label("", css: "warning")
        playButton = UI.iconButton("media-playback-start-symbolic", "Play")
        stepButton = UI.iconButton("media-skip-forward-symbolic", "Step")
        resetButton = UI.iconButton("view-refresh-symbolic", "Reset")
        status = UI.label("", css: "dim-label")
        timelineLabel = UI.label("Timeline: live")
        timeline = gtk_scale_new_with_range(GTK_ORIENTATION_HORIZONTAL, 0, 1, 1)!
        resumeButton = gtk_button_new_with_label("Resume from here")!
        liveButton = gtk_button_new_with_label("Back to live")!
        coloring = UI.dropDown([], selected: 0) { _ in }
        output = UI.dropDown([], selected: 0) { _ in }
        opacity = gtk_scale_new_with_range(GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.05)!
        checks = ["Edges", "By layer", "Boundary", "Pixels"].map { (name: String) in
            gtk_check_button_new_with_label(name)!
        }
        layOut()
        connect()
        refreshSettings()
        refreshTraining()
        refreshView()
    }

    private static func spin(_ lo: Double, _ hi: Double, step: Double, digits: UInt32) -> Widget {
        let s = gtk_spin_button_new_with_range(lo, hi, step)!
        gtk_spin_button_set_digits(opaque(s), digits)
        // A narrow minimum (the fields still grow with the sidebar): the sidebar, and with it
        // the window, can be narrow enough for a 1024-px screen.
        gtk_editable_set_width_chars(opaque(s), 6)
        return s
    }

    private func layOut() {
        let grid = gtk_grid_new()!
        gtk_grid_set_row_spacing(cast(grid), 4)
        gtk_grid_set_column_spacing(cast(grid), 8)
        var row: Int32 = 0
        // `below`: the control goes on its own row under its title, as wide as the sidebar (the
        // three task buttons would otherwise set the sidebar's width).
        func add(_ title: String, _ w: Widget, tooltip: String, below: Bool = false) {
            let l = UI.label(title)
            gtk_widget_set_tooltip_text(l, tooltip)
            gtk_widget_set_tooltip_text(w, tooltip)
            UI.accessible(w, title, description: tooltip)
            gtk_grid_attach(cast(grid), l, 0, row, below ? 2 : 1, 1)
            gtk_widget_set_hexpand(w, 1)
            if below { row += 1 }
            gtk_grid_attach(cast(grid), w, below ? 0 : 1, row, below ? 2 : 1, 1)
            row += 1
        }
        add(
            "Task", task,
            tooltip:
                "What the network learns: the dark pixels, the image's colours quantised into classes, or the image itself as a regression (applies on Reset)",
            below: true)
        add("Classes", classCount, tooltip: "K colour classes, found by k-means in CIELAB (applies on Reset)")
        add("Channels", channels, tooltip: "Fit the grey level or the three RGB channels (applies on Reset)")
        add("Hidden layers", widthsEntry, tooltip: "Widths per hidden layer, e.g. 16,16,8 (Enter; applies on Reset)")
        add("Width", width, tooltip: "Neurons in every hidden layer (applies on Reset)")
        add("Depth", depth, tooltip: "Number of hidden layers (applies on Reset)")
        add("Activation", activation, tooltip: "The hidden layers' activation (applies on Reset)")
        add("Negative slope", slope, tooltip: "LeakyReLU's slope for negative inputs (applies on Reset)")
        add("Learning rate", learningRate, tooltip: "AdamW learning rate; applies at once")
        add("Weight decay", weightDecay, tooltip: "AdamW weight decay; applies at once")
        add("Batch size", batchSize, tooltip: "Pixels per mini-batch (applies on Reset)")
        add(
            "Threshold", threshold,
            tooltip: "Pixels darker than this are label 1: the map previews them at once, Reset trains on them")
        add(
            "Labels", invert,
            tooltip: "Light pixels are label 1 instead of dark ones: previewed at once, Reset trains on them")
        add("Seed", seed, tooltip: "Initialisation and shuffling (applies on Reset)")
        add(
            "Held out %", testShare,
            tooltip: "Pixels kept out of training and scored after every epoch, as a test set (applies on Reset)")
        add(
            "Epoch limit", epochLimit,
            tooltip: "Training stops here; applies at once (Play continues to a raised limit)")
        UI.append(widget, grid)

        gtk_label_set_wrap(opaque(pending), 1)
        UI.accessible(pending, "Pending settings")
        UI.append(widget, pending)
        let buttons = UI.box(false, spacing: 6)
        for (b, name, tip) in [
            (playButton, "Play", "Play / pause training (Space)"), (stepButton, "Step", "Train one epoch (→)"),
            (resetButton, "Reset", "New network from these settings (Ctrl+R)"),
        ] {
            UI.accessible(b, name)
            gtk_widget_set_tooltip_text(b, tip)
        }
        UI.append(buttons, playButton, stepButton, resetButton)
        gtk_widget_set_hexpand(playButton, 1)
        UI.append(widget, buttons)
        gtk_label_set_wrap(opaque(status), 1)
        UI.accessible(status, "Training status")
        UI.append(widget, status, curves.widget)

        gtk_scale_set_draw_value(cast(timeline), 0)
        UI.accessible(timeline, "Timeline", description: "Scrub back through the run's saved epochs")
        UI.accessible(resumeButton, "Resume from here")
        gtk_widget_set_tooltip_text(resumeButton, "Train on from the epoch shown (later epochs are dropped)")
        UI.accessible(liveButton, "Back to live")
        gtk_widget_set_tooltip_text(liveButton, "Show the newest weights again")
        let timelineButtons = UI.box(false, spacing: 6)
        UI.append(timelineButtons, resumeButton, liveButton)
        UI.append(widget, timelineLabel, timeline, timelineButtons)

        UI.append(widget, UI.label("View", css: "heading"))
        UI.accessible(coloring, "Colour regions by")
        UI.accessible(output, "Output shown", description: "The output that values, slopes and the 3-D surface show")
        gtk_widget_set_tooltip_text(output, "The output that values, slopes and the 3-D surface show")
        UI.append(widget, coloring, output)
        let grid2 = gtk_grid_new()!
        gtk_grid_set_column_spacing(cast(grid2), 6)
        for (i, c) in checks.enumerated() {
            gtk_grid_attach(cast(grid2), c, Int32(i % 2), Int32(i / 2), 1, 1)
        }
        UI.append(widget, grid2)
        gtk_widget_set_tooltip_text(opacity, "Opacity of the training pixels under the regions")
        UI.accessible(opacity, "Pixel opacity")
        UI.append(widget, opacity)
        // Clicks on buttons and checks leave the keyboard with the window's shortcuts.
        for w in [playButton, stepButton, resetButton, resumeButton, liveButton, invert] + checks {
            gtk_widget_set_focus_on_click(w, 0)
        }
    }

    /// Every control forwards to an intent; while `updating`, echoes of programmatic writes are
    /// dropped.
    private func connect() {
        func onValue(_ w: Widget, _ f: @escaping @MainActor (Double) -> Void) {
            Signal.connect(gptr(w), "value-changed") { [unowned self] in
                guard !self.updating else { return }
                f(gtk_spin_button_get_value(opaque(w)))
            }
            // GTK 4.8's spin button has no "activate"; its text delegate does.
            if let text = gtk_editable_get_delegate(opaque(w)) {
                Signal.connect(UnsafeMutableRawPointer(text), "activate") { [unowned self] in self.returnFocus() }
            }
        }
        func onClick(_ w: Widget, _ f: @escaping @MainActor () -> Void) { Signal.connect(gptr(w), "clicked", f) }
        func onToggle(_ w: Widget, _ f: @escaping @MainActor (Bool) -> Void) {
            Signal.connect(gptr(w), "toggled") { [unowned self] in
                guard !self.updating else { return }
                f(gtk_check_button_get_active(cast(w)) != 0)
            }
        }
        func onPick(_ w: Widget, _ f: @escaping @MainActor () -> Void) {
            Signal.connect(gptr(w), "toggled") { [unowned self] in
                guard !self.updating, gtk_toggle_button_get_active(cast(w)) != 0 else { return }
                f()
            }
        }
        func onSelect(_ w: Widget, _ f: @escaping @MainActor (Int) -> Void) {
            Signal.connect3(gptr(w), "notify::selected") { [unowned self] in
                guard !self.updating else { return }
                f(Int(gtk_drop_down_get_selected(opaque(w))))
            }
        }
        let core = self.core
        Signal.connect(gptr(widthsEntry), "activate") { [unowned self] in
            core.setHiddenWidths(text: UI.entryText(self.widthsEntry))
            self.returnFocus()
        }
        applyOnFocusLeave(widthsEntry)
        for (kind, button) in zip(TaskKind.allCases, taskButtons) {
            onPick(button) { core.setTask(kind) }
        }
        onValue(classCount) { core.setClassCount(Int($0)) }
        for (n, button) in zip([1, 3], channelButtons) {
            onPick(button) { core.setChannels(n) }
        }
        onValue(width) { core.setWidth(Int($0)) }
        onValue(depth) { core.setDepth(Int($0)) }
        onSelect(activation) { core.setReLU($0 == 0) }
        onValue(slope) { core.setNegativeSlope($0) }
        onValue(learningRate) { core.setLearningRate($0) }
        onValue(weightDecay) { core.setWeightDecay($0) }
        onValue(batchSize) { core.setBatchSize(Int($0)) }
        onValue(threshold) { core.setThreshold($0) }
        onToggle(invert) { core.setInvert($0) }
        onValue(seed) { core.setSeed(UInt64($0)) }
        onValue(testShare) { core.setTestShare($0 / 100) }
        onValue(epochLimit) { core.setEpochLimit(Int($0)) }
        onClick(playButton) { core.togglePlay() }
        onClick(stepButton) { core.step() }
        onClick(resetButton) { core.reset() }
        Signal.connect(gptr(timeline), "value-changed") { [unowned self] in
            guard !self.updating, !core.timeline.isEmpty else { return }
            core.scrub(to: Int(gtk_range_get_value(cast(self.timeline)).rounded()))
        }
        onClick(resumeButton) { if let i = core.scrubIndex { core.resume(fromSnapshot: i) } }
        onClick(liveButton) { core.scrub(to: nil) }
        onSelect(coloring) { [unowned self] i in
            if self.coloringItems.indices.contains(i) { core.setColoring(self.coloringItems[i]) }
        }
        onSelect(output) { [unowned self] i in
            if self.outputItems.indices.contains(i) { core.setOutput(self.outputItems[i]) }
        }
        let setters: [@MainActor (Bool) -> Void] = [
            core.setShowEdges, core.setEdgesByLayer, core.setShowBoundary, core.setShowPixels,
        ]
        for (c, set) in zip(checks, setters) { onToggle(c, set) }
        Signal.connect(gptr(opacity), "value-changed") { [unowned self] in
            guard !self.updating else { return }
            core.setPixelOpacity(gtk_range_get_value(cast(self.opacity)))
        }
    }

    private func applyOnFocusLeave(_ entry: Widget) {
        let focus = gtk_event_controller_focus_new()!
        Signal.connect(gptr(focus), "leave") { [unowned self] in
            let text = UI.entryText(entry)
            if text != self.core.settings.widths.map(String.init).joined(separator: ",") {
                self.core.setHiddenWidths(text: text)
            }
        }
        UI.add(focus, to: entry)
    }

    private func isTyping(in w: Widget) -> Bool {
        guard let root = gtk_widget_get_root(w), let focus = gtk_root_get_focus(root) else { return false }
        return focus == w || gtk_widget_is_ancestor(focus, w) != 0
    }

    /// Hands the keyboard back to the region map (set by the window), so that Space and → train.
    var returnFocus: @MainActor () -> Void = {}

    /// Writes the core's settings into the controls and says what waits for Reset.
    func refreshSettings() {
        updating = true
        defer { updating = false }
        let s = core.settings
        UI.select(taskButtons, TaskKind.allCases.firstIndex(of: s.task.kind) ?? 0)
        UI.setSpin(classCount, Double(s.task.classes))
        gtk_widget_set_sensitive(classCount, s.task.kind == .classes ? 1 : 0)
        UI.select(channelButtons, s.task.channels == 3 ? 1 : 0)
        gtk_widget_set_sensitive(channels, s.task.kind == .regression ? 1 : 0)
        gtk_widget_set_sensitive(threshold, s.usesThreshold ? 1 : 0)
        gtk_widget_set_sensitive(invert, s.usesThreshold ? 1 : 0)
        let text = s.widths.map(String.init).joined(separator: ",")
        // What the person is typing stays until Enter or leaving the field.
        if UI.entryText(widthsEntry) != text && !isTyping(in: widthsEntry) { UI.setEntryText(widthsEntry, text) }
        UI.setSpin(width, Double(s.uniformWidth ?? s.widths[0]))
        gtk_widget_set_tooltip_text(
            width,
            s.uniformWidth == nil
                ? "The layers differ (\(text)); a width here makes them all equal" : "Neurons in every hidden layer")
        UI.setSpin(depth, Double(s.widths.count))
        gtk_drop_down_set_selected(opaque(activation), s.useReLU ? 0 : 1)
        UI.setSpin(slope, s.negativeSlope)
        gtk_widget_set_sensitive(slope, s.useReLU ? 0 : 1)
        UI.setSpin(learningRate, s.learningRate)
        UI.setSpin(weightDecay, s.weightDecay)
        UI.setSpin(batchSize, Double(s.batchSize))
        UI.setSpin(threshold, s.threshold)
        gtk_check_button_set_active(cast(invert), s.invert ? 1 : 0)
        UI.setSpin(seed, Double(s.seed))
        UI.setSpin(testShare, (s.testShare * 100).rounded())
        UI.setSpin(epochLimit, Double(s.epochLimit))
        let waiting = core.pendingChanges
        if waiting.isEmpty {
            gtk_widget_set_visible(pending, 0)
            gtk_widget_remove_css_class(resetButton, "suggested-action")
        } else {
            let list = waiting.joined(separator: ", ").replacingOccurrences(of: "&", with: "&amp;")
            UI.setMarkup(pending, "<b>Waiting for Reset:</b> \(list). \(core.resetSummary)")
            gtk_widget_set_visible(pending, 1)
            gtk_widget_add_css_class(resetButton, "suggested-action")
        }
    }

    /// Play state, status line, timeline.
    func refreshTraining() {
        updating = true
        defer { updating = false }
        let playing = core.playRequested || core.isTraining
        if playing != showsPause {
            showsPause = playing
            UI.setIconLabel(
                playButton, playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic",
                playing ? "Pause" : "Play")
            UI.accessible(playButton, playing ? "Pause" : "Play")
        }
        let hasSession = core.dataset != nil
        gtk_widget_set_sensitive(playButton, hasSession ? 1 : 0)
        // A many-input model comes trained; say why Play is off.
        gtk_widget_set_tooltip_text(
            playButton,
            core.plane != nil
                ? "A model with \(core.plane?.model.network.inputCount ?? 0) inputs comes trained: nnviz trains two-input networks on images"
                : "Play / pause training (Space)")
        gtk_widget_set_sensitive(stepButton, hasSession ? 1 : 0)
        gtk_widget_set_sensitive(resetButton, hasSession ? 1 : 0)
        var parts: [String] = []
        if core.dataset == nil && core.loadedModel == nil {
            parts.append("No image yet: Open image… or drop one on the window.")
        } else if let plane = core.planeSummary {
            parts.append(plane)
        } else if core.dataset == nil {
            parts.append("A model without an image: open an image to train it.")
        }
        if let st = core.shownStats {
            let epoch = core.shownEpoch
            let limit = core.settings.epochLimit
            let quality =
                st.psnr.map { "PSNR \(String(format: "%.2f", $0)) dB" }
                ?? "acc \(String(format: "%.1f", st.accuracy * 100)) %"
            parts.append(
                "\(core.isScrubbed ? "showing " : "")epoch \(epoch) / \(limit) · loss \(String(format: "%.4f", st.loss)) · \(quality)"
            )
            if let test = st.test {
                let score =
                    test.psnr.map { "PSNR \(String(format: "%.2f", $0)) dB" }
                    ?? "acc \(String(format: "%.1f", test.accuracy * 100)) %"
                parts.append("held out: loss \(String(format: "%.4f", test.loss)) · \(score)")
            }
            if !core.isScrubbed && !playing && core.liveEpoch >= limit {
                parts.append("Reached the epoch limit: raise it and press Play to train on.")
            }
        } else if core.dataset != nil {
            parts.append("Ready: press Play (Space) or Step (→).")
        }
        if let p = core.partition {
            let ms = String(format: "%.0f", core.partitionSeconds * 1000)
            // A regression decides nothing, so only a classifier's regions split by its boundary count.
            let decided = core.task.kind == .regression ? "" : ", \(p.decisionRegions) split by the boundary"
            parts.append("\(p.faceCount) exact regions\(decided) (\(ms) ms)")
        }
        UI.setText(status, parts.joined(separator: "\n"))
        let n = core.timeline.count
        gtk_range_set_range(cast(timeline), 0, Double(max(n - 1, 1)))
        gtk_range_set_value(cast(timeline), Double(core.scrubIndex ?? max(n - 1, 0)))
        UI.setText(
            timelineLabel,
            core.isScrubbed
                ? "Timeline: epoch \(core.shownEpoch) of \(core.liveEpoch)"
                : "Timeline: live, epoch \(core.liveEpoch) (\(n) snapshots)")
        gtk_widget_set_sensitive(resumeButton, core.isScrubbed ? 1 : 0)
        gtk_widget_set_sensitive(liveButton, core.isScrubbed ? 1 : 0)
        curves.refresh()
    }

    func refreshView() {
        updating = true
        defer { updating = false }
        let v = core.view
        let t = core.task
        let colorings = RegionColoring.available(for: t)
        let titles = colorings.map { $0.title(for: t) }
        if colorings != coloringItems || titles != coloringTitles {
            coloringItems = colorings
            coloringTitles = titles
            UI.setDropDownItems(coloring, titles, selected: 0)
        }
        gtk_drop_down_set_selected(opaque(coloring), UInt32(colorings.firstIndex(of: v.coloring) ?? 0))
        let outputs = ViewOptions.outputChoices(for: t)
        if outputs.map(\.output) != outputItems || outputs.map(\.title) != outputTitles {
            outputItems = outputs.map(\.output)
            outputTitles = outputs.map(\.title)
            UI.setDropDownItems(output, outputTitles, selected: 0)
        }
        gtk_drop_down_set_selected(opaque(output), UInt32(outputItems.firstIndex(of: v.output) ?? 0))
        gtk_widget_set_visible(output, outputs.count > 1 ? 1 : 0)
        for (c, on) in zip(checks, [v.showEdges, v.edgesByLayer, v.showBoundary, v.showPixels]) {
            gtk_check_button_set_active(cast(c), on ? 1 : 0)
        }
        gtk_widget_set_sensitive(checks[2], t.kind == .regression ? 0 : 1)
        gtk_range_set_value(cast(opacity), v.pixelOpacity)
    }
}
