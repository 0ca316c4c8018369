import AppCore
import CGtk
import GtkKit

/// Export → Training video, first step: which epochs become frames (a range and a stride) and
/// how fast the video plays, with the resulting frame count and length shown as they change.
/// "Choose File…" hands the selection on; Cancel, Esc and closing the window drop it.
@MainActor
final class VideoOptionsDialog {
    private let window: Widget
    private let summary: Widget
    private let exportButton: Widget
    private let timeline: Timeline
    private(set) var selection: VideoSelection
    private var answered = false
    private let chosen: @MainActor (VideoSelection) -> Void

    init(
        timeline: Timeline, initial: VideoSelection?, parent: Widget,
        chosen: @escaping @MainActor (VideoSelection) -> Void
    ) {
        self.timeline = timeline
        self.chosen = chosen
        let all = VideoSelection(all: timeline)
        // The stride and speed are remembered; the range is the whole run, which may have grown.
        var start = all
        if let initial {
            // Within what the spin button can show for this run.
            start.everyEpochs = min(initial.everyEpochs, max(1, all.lastEpoch - all.firstEpoch))
            start.framesPerSecond = initial.framesPerSecond
        }
        selection = start

        window = UI.childWindow("Training video", of: parent, .dialog, width: 380)
        let box = UI.box(true, spacing: 12)
        UI.margins(box, 18)
        let title = UI.label("Training video", css: "title-4")
        let intro = UI.label(
            "\(timeline.count) snapshots of the run, epochs \(all.firstEpoch)–\(all.lastEpoch). "
                + "Each frame is the exact partition at that epoch.")
        gtk_label_set_wrap(opaque(intro), 1)
        gtk_label_set_max_width_chars(opaque(intro), 46)

        summary = UI.label("")
        exportButton = UI.button("Choose File…") {}
        let grid = gtk_grid_new()!
        gtk_grid_set_row_spacing(cast(grid), 6)
        gtk_grid_set_column_spacing(cast(grid), 12)
        let lo = Double(all.firstEpoch)
        let hi = Double(max(all.lastEpoch, all.firstEpoch))
        let rows: [(String, Widget)] = [
            (
                "From epoch",
                UI.spin(lo, hi, step: 1, value: Double(start.firstEpoch), digits: 0) { [unowned self] v in
                    self.update { $0.firstEpoch = Int(v) }
                }
            ),
            (
                "To epoch",
                UI.spin(lo, hi, step: 1, value: Double(start.lastEpoch), digits: 0) { [unowned self] v in
                    self.update { $0.lastEpoch = Int(v) }
                }
            ),
            (
                "A frame every",
                UI.spin(1, max(1, hi - lo), step: 1, value: Double(start.everyEpochs), digits: 0) {
                    [unowned self] v in self.update { $0.everyEpochs = Int(v) }
                }
            ),
            (
                "Frames per second",
                UI.spin(
                    Double(VideoSelection.fpsRange.lowerBound), Double(VideoSelection.fpsRange.upperBound), step: 1,
                    value: Double(start.framesPerSecond), digits: 0
                ) { [unowned self] v in
                    self.update { $0.framesPerSecond = Int(v) }
                }
            ),
        ]
        for (i, (name, spin)) in rows.enumerated() {
            let label = UI.label(name)
            UI.accessible(spin, name)
            gtk_grid_attach(cast(grid), label, 0, Int32(i), 1, 1)
            gtk_grid_attach(cast(grid), spin, 1, Int32(i), 1, 1)
            if i == 2 { gtk_grid_attach(cast(grid), UI.label("epochs"), 2, Int32(i), 1, 1) }
        }

        let buttons = UI.box(false, spacing: 8)
        gtk_widget_set_halign(buttons, GTK_ALIGN_END)
        let cancel = UI.button("Cancel") { [unowned self] in self.close() }
        UI.accessible(cancel, "Cancel")
        UI.accessible(exportButton, "Choose File…")
        gtk_widget_add_css_class(exportButton, "suggested-action")
        Signal.connect(gptr(exportButton), "clicked") { [unowned self] in self.confirm() }
        UI.append(buttons, cancel, exportButton)
        UI.append(box, title, intro, grid, summary, buttons)
        gtk_window_set_child(cast(window), box)
        UI.captureKeys(window) { [unowned self] keyval, _ in
            guard Int32(keyval) == GDK_KEY_Escape else { return false }
            self.close()
            return true
        }
        Signal.connectCloseRequest(gptr(window)) { [unowned self] in
            self.answered = true
            return false
        }
        refresh()
        gtk_window_set_default_widget(cast(window), exportButton)
        gtk_window_present(cast(window))
        gtk_widget_grab_focus(exportButton)
    }

    private func update(_ change: (inout VideoSelection) -> Void) {
        change(&selection)
        refresh()
    }

    private func refresh() {
        let problem = selection.problem(in: timeline)
        UI.setText(summary, problem ?? selection.summary(of: timeline))
        gtk_widget_set_sensitive(exportButton, problem == nil ? 1 : 0)
    }

    /// What "Choose File…" does.
    func confirm() {
        guard !answered, selection.problem(in: timeline) == nil else { return }
        let s = selection
        close()
        chosen(s)
    }

    func close() {
        guard !answered else { return }
        answered = true
        gtk_window_destroy(cast(window))
    }
}
