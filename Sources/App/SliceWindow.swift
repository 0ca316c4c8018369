import AppCore
import CGtk
import CShim
import Drawing
import Foundation
import GtkKit
import NeuralNet
import Regions

/// The 1-D view beside the main window: the shown network's outputs along the line through two
/// points, exact (kinks marked, the winner as a band), redrawn as the network trains. It asks the
/// core for the slice and draws it with the figure's renderer; export writes the same figure.
@MainActor
final class SliceWindow {
    let window: Widget
    private unowned let core: AppCore
    private let area: Widget
    private let summary = UI.label("")

    init(core: AppCore, parent: Widget) {
        self.core = core
        window = UI.childWindow("Line slice", of: parent, .panel, width: 820, height: 520)
        area = gtk_drawing_area_new()!
        UI.expand(area)
        UI.accessible(area, "Line slice", description: "The network's outputs along the line through two points")
        setDrawFunction(area) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        let root = UI.box(true, spacing: 6)
        UI.margins(root, 10)
        gtk_label_set_wrap(opaque(summary), 1)
        nnviz_accessible_set_description(summary, "Line summary")
        let export = UI.button("Export…", tooltip: "Write this slice as PNG, SVG or PDF") { [unowned self] in
            self.exportDialog()
        }
        UI.accessible(export, "Export line slice")
        let close = UI.button("Close") { [unowned self] in gtk_widget_set_visible(self.window, 0) }
        UI.accessible(close, "Close line slice")
        let buttons = UI.box(false, spacing: 8)
        gtk_widget_set_halign(buttons, GTK_ALIGN_END)
        UI.append(buttons, export, close)
        UI.append(root, summary, area, buttons)
        gtk_window_set_child(cast(window), root)
    }

    var isVisible: Bool { gtk_widget_get_visible(window) != 0 }

    func present() {
        refresh()
        gtk_window_present(cast(window))
    }

    func refresh() {
        if let line = core.lineSlice {
            UI.setText(
                summary,
                "Along the line from \(core.lineNames[0]) (τ = 0) to \(core.lineNames[1]) (τ = 1), exactly: "
                    + "\(line.breakpoints.count) kinks where a hidden neuron changes sign, \(line.pieces.count) affine pieces, "
                    + "\(line.winnerRuns.count) stretch\(line.winnerRuns.count == 1 ? "" : "es") with one winner.")
        } else {
            UI.setText(
                summary, "Shift+click two points of the region map to see the outputs along the line through them.")
        }
        UI.redraw(area)
    }

    /// The figure's content for the current slice; nil until a line is set.
    var content: SliceRenderer.Content? {
        guard let line = core.lineSlice else { return nil }
        let arch = core.shownNetwork.map { $0.hiddenWidths.map(String.init).joined(separator: "×") } ?? ""
        return SliceRenderer.Content(
            line: line, task: core.task,
            title: "Exact outputs along a line — \(line.pieces.count) pieces, \(line.breakpoints.count) kinks",
            subtitle:
                "\(arch) \(core.shownNetwork?.activation.description ?? "") · \(core.task) · epoch \(core.shownEpoch)",
            anchorNames: core.lineNames)
    }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let c = Canvas(cr: cr, width: w, height: h)
        c.textScale = core.view.textScale
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        guard let content else { return }
        SliceRenderer.draw(c, content)
    }

    private func exportDialog() {
        let dialog = gtk_file_chooser_native_new(
            "Export line slice", cast(window), GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel")!
        gtk_file_chooser_set_current_name(dialog, core.suggestedName("line") + ".png")
        Signal.connectResponse(gptr(dialog)) { [unowned self] response in
            if response == GTK_RESPONSE_ACCEPT.rawValue, let file = gtk_file_chooser_get_file(dialog),
                let p = g_file_get_path(file)
            {
                let path = String(cString: p)
                g_free(p)
                g_object_unref(UnsafeMutableRawPointer(file))
                self.export(to: path)
            }
            g_object_unref(UnsafeMutableRawPointer(dialog))
        }
        gtk_native_dialog_show(cast(dialog))
    }

    /// Writes the slice as PNG, SVG or PDF (by the extension) and tells the core.
    func export(to path: String) {
        let url = URL(fileURLWithPath: path)
        guard let format = FigureFormat(rawValue: url.pathExtension.lowercased()) else {
            return core.showMessage("Export: use a .png, .svg or .pdf name")
        }
        guard let content else { return core.showMessage("No line yet: Shift+click two points of the map.") }
        do {
            try Figure.write(
                to: url, format: format, width: SliceRenderer.width, height: SliceRenderer.height,
                scale: format == .png ? 1.5 : 1
            ) { SliceRenderer.draw($0, content) }
            core.reportSaved(path)
        } catch {
            core.showMessage("\(error)")
        }
    }
}
