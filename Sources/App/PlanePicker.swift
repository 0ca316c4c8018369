import AppCore
import CGtk
import CShim
import Drawing
import Foundation
import GtkKit
import NeuralNet

/// The window beside the main one where the plane through a many-input model is chosen: the
/// data's overview (first two principal components, coloured by label) and its rows, either of
/// which sets the anchor chosen under "Click sets"; three spin buttons hold the anchors' rows.
/// Every change goes to the core, which recomputes the map; the picker only shows its state.
@MainActor
final class PlanePicker {
    let window: Widget
    private unowned let core: AppCore
    private let intro = UI.label("")
    private let overview: Widget
    private let underCursor = UI.label(" ", css: "dim-label")
    private let list: Widget
    private let listNote = UI.label("", css: "dim-label")
    private var spins: [Widget] = []
    private var names: [Widget] = []
    private var slotButtons: [Widget] = []
    /// The anchor a click in the overview or the list moves (0: A, 1: B, 2: C).
    private var activeSlot = 0
    private var hovered: Int?
    /// The points file the list was filled from.
    private(set) var shownPath = ""
    private var updating = false
    private var layout: PointsOverviewRenderer?
    private var colorsKey = ""
    private var colors: [RGBA] = []
    /// More rows than this are reached through the spin buttons and the overview, not the list.
    static let listLimit = 2000

    init(core: AppCore, parent: Widget) {
        self.core = core
        window = UI.childWindow("Plane through data points", of: parent, .panel, width: 860, height: 640)
        overview = gtk_drawing_area_new()!
        list = gtk_list_box_new()!
        build()
    }

    private func build() {
        let root = UI.box(true, spacing: 8)
        UI.margins(root, 12)
        gtk_label_set_wrap(opaque(intro), 1)
        UI.accessible(intro, "Plane explanation")

        let (slotBox, buttons) = UI.segmented(["A", "B", "C"])
        slotButtons = buttons
        for (n, b) in buttons.enumerated() {
            UI.accessible(b, "Click sets anchor \(["A", "B", "C"][n])")
            Signal.connect(gptr(b), "toggled") { [unowned self] in
                if gtk_toggle_button_get_active(cast(b)) != 0 { self.activeSlot = n }
            }
        }
        UI.select(buttons, 0)
        let slotRow = UI.box(false, spacing: 8)
        gtk_widget_set_halign(slotRow, GTK_ALIGN_START)
        for b in buttons { gtk_widget_set_hexpand(b, 0) }
        UI.append(slotRow, UI.label("Click sets anchor"), slotBox)

        let grid = gtk_grid_new()!
        gtk_grid_set_row_spacing(cast(grid), 4)
        gtk_grid_set_column_spacing(cast(grid), 10)
        for n in 0..<3 {
            let letter = ["A", "B", "C"][n]
            let spin = gtk_spin_button_new_with_range(0, 1, 1)!
            gtk_spin_button_set_digits(opaque(spin), 0)
            UI.accessible(spin, "Anchor \(letter) row")
            Signal.connect(gptr(spin), "value-changed") { [unowned self] in
                guard !self.updating else { return }
                self.core.setAnchor(n, row: Int(gtk_spin_button_get_value(opaque(spin))))
            }
            let name = UI.label("")
            // Its name is its text ("row 3 (0)"), what a screen reader should say; the description says which.
            nnviz_accessible_set_description(name, "Anchor \(letter) point")
            gtk_grid_attach(cast(grid), UI.label("Anchor \(letter)", css: "heading"), 0, Int32(n), 1, 1)
            gtk_grid_attach(cast(grid), spin, 1, Int32(n), 1, 1)
            gtk_grid_attach(cast(grid), name, 2, Int32(n), 1, 1)
            spins.append(spin)
            names.append(name)
        }

        UI.expand(overview)
        gtk_widget_set_size_request(overview, 420, 360)
        UI.accessible(
            overview, "Data overview",
            description: "The data points along their two principal components; click one to make it the chosen anchor")
        setDrawFunction(overview) { [unowned self] cr, w, h in self.drawOverview(cr, Double(w), Double(h)) }
        UI.click(overview) { [unowned self] _, x, y in self.clickOverview(at: x, y) }
        UI.motion(
            overview,
            move: { [unowned self] x, y in
                let row = self.layout?.row(near: x, y)
                guard row != self.hovered else { return }
                self.hovered = row
                UI.setText(
                    self.underCursor, row.map { "Under the cursor: \(self.core.plane?.name(ofRow: $0) ?? "")" } ?? " ")
                UI.redraw(self.overview)
            },
            leave: { [unowned self] in
                self.hovered = nil
                UI.setText(self.underCursor, " ")
                UI.redraw(self.overview)
            })

        gtk_list_box_set_activate_on_single_click(opaque(list), 1)
        UI.accessible(list, "Data rows")
        Self.connectRowActivated(list) { [unowned self] index in self.pick(index) }
        let scroller = gtk_scrolled_window_new()!
        gtk_scrolled_window_set_policy(opaque(scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC)
        gtk_scrolled_window_set_child(opaque(scroller), list)
        gtk_widget_set_size_request(scroller, 220, -1)
        gtk_widget_set_vexpand(scroller, 1)
        gtk_label_set_wrap(opaque(listNote), 1)
        let listColumn = UI.box(true, spacing: 4)
        UI.append(listColumn, UI.label("Rows", css: "heading"), scroller, listNote)
        let overviewColumn = UI.box(true, spacing: 4)
        UI.append(overviewColumn, overview, underCursor)
        let middle = UI.box(false, spacing: 10)
        UI.expand(middle)
        UI.append(middle, overviewColumn, listColumn)

        let buttonsRow = UI.box(false, spacing: 8)
        let other = UI.button("Open other points…", tooltip: "Another data file for the same model") {
            [unowned self] in self.askForPoints()
        }
        UI.accessible(other, "Open other points")
        let slice = UI.button(
            "Slice along A → B", tooltip: "The outputs along the line through anchors A and B, exactly"
        ) {
            [unowned self] in self.core.lineThroughAnchors(0, 1)
        }
        UI.accessible(slice, "Slice along A to B")
        let close = UI.button("Close") { [unowned self] in gtk_widget_set_visible(self.window, 0) }
        UI.accessible(close, "Close plane picker")
        gtk_widget_set_halign(buttonsRow, GTK_ALIGN_END)
        UI.append(buttonsRow, slice, other, close)

        UI.append(root, intro, slotRow, grid, middle, buttonsRow)
        gtk_window_set_child(cast(window), root)
    }

    /// A click in the overview picks the point under it, if any.
    func clickOverview(at x: Double, _ y: Double) {
        guard let row = layout?.row(near: x, y) else { return }
        pick(row)
    }

    /// Where the overview draws a row (as last drawn), for tests that click it.
    func devicePoint(ofRow r: Int) -> (Double, Double)? {
        guard let layout, layout.coordinates.indices.contains(r) else { return nil }
        let p = layout.coordinates[r]
        return (layout.frame.px(p[0]), layout.frame.py(p.count > 1 ? p[1] : 0))
    }

    /// Moves the chosen anchor to `row`, then makes the next anchor the chosen one.
    private func pick(_ row: Int) {
        core.setAnchor(activeSlot, row: row)
        UI.select(slotButtons, (activeSlot + 1) % 3)
    }

    /// Shows the picker (brought to the front).
    func present() {
        refresh()
        gtk_window_present(cast(window))
    }

    var isVisible: Bool { gtk_widget_get_visible(window) != 0 }

    /// Reads the core's plane into the controls (anchors refused by the core spring back).
    func refresh() {
        guard let plane = core.plane else { return }
        updating = true
        defer { updating = false }
        let file = URL(fileURLWithPath: plane.pointsPath).lastPathComponent
        let n = plane.model.network.inputCount
        UI.setText(
            intro,
            "The \(n)-input model is drawn exactly on the plane through three points of \(file) (\(plane.points.rows.count) points): "
                + "the map's s axis runs from A towards B, t towards C. Click a point in the overview or a row in the list to move "
                + "the anchor chosen below; the map follows. The model comes trained: nnviz does not train it.")
        gtk_window_set_title(cast(window), "Plane through data points — \(file)")
        for (k, spin) in spins.enumerated() {
            gtk_spin_button_set_range(opaque(spin), 0, Double(plane.points.rows.count - 1))
            gtk_spin_button_set_value(opaque(spin), Double(plane.anchors[k]))
            UI.setText(names[k], plane.name(ofRow: plane.anchors[k]))
        }
        if shownPath != plane.pointsPath { fillList(plane) }
        UI.redraw(overview)
    }

    private func fillList(_ plane: PlaneChoice) {
        shownPath = plane.pointsPath
        while let child = gtk_widget_get_first_child(list) { gtk_list_box_remove(opaque(list), child) }
        let shown = min(plane.points.rows.count, Self.listLimit)
        for r in 0..<shown {
            let label = UI.label(plane.name(ofRow: r))
            UI.margins(label, 2)
            gtk_list_box_append(opaque(list), label)
        }
        UI.setText(
            listNote,
            shown < plane.points.rows.count
                ? "The first \(shown) of \(plane.points.rows.count) rows; the spin buttons and the overview reach every row."
                : "\(shown) rows")
    }

    private func drawOverview(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let c = Canvas(cr: cr, width: w, height: h)
        c.fill(RGBA(1, 1, 1), rectangle: 0, 0, w, h)
        guard let plane = core.plane else { return }
        let key = "\(plane.pointsPath)#\(plane.points.rows.count)#\(core.task)"
        if key != colorsKey {
            colorsKey = key
            colors = PointsOverviewRenderer.colors(
                labels: plane.points.labels, count: plane.points.rows.count, classColors: core.task.classColors)
        }
        let r = PointsOverviewRenderer(
            coordinates: plane.overview.coordinates, colors: colors, box: (64, 12, w - 76, h - 56))
        layout = r
        r.draw(c, anchors: plane.anchors, highlighted: hovered)
    }

    /// Asks for the points file of the model waiting in the core (or another one for the model
    /// shown); Cancel on a waiting model leaves everything as it was.
    func askForPoints() {
        let parent: UnsafeMutablePointer<GtkWindow>? =
            isVisible ? cast(window) : gtk_window_get_transient_for(cast(window))
        let dialog = gtk_file_chooser_native_new(
            "Open data points", parent, GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel")!
        let filter = gtk_file_filter_new()!
        gtk_file_filter_set_name(filter, "Data points (.npy, .csv, .safetensors)")
        for p in ["*.npy", "*.csv", "*.safetensors"] { gtk_file_filter_add_pattern(filter, p) }
        gtk_file_chooser_add_filter(dialog, filter)
        Signal.connectResponse(gptr(dialog)) { [unowned self] response in
            var path: String?
            if response == GTK_RESPONSE_ACCEPT.rawValue, let file = gtk_file_chooser_get_file(dialog),
                let p = g_file_get_path(file)
            {
                path = String(cString: p)
                g_free(p)
                g_object_unref(UnsafeMutableRawPointer(file))
            }
            g_object_unref(UnsafeMutableRawPointer(dialog))
            if let path { self.core.openPoints(path) } else { self.core.cancelPoints() }
        }
        gtk_native_dialog_show(cast(dialog))
    }

    /// GtkListBox "row-activated": (box, row) → the row's index.
    private static func connectRowActivated(_ list: Widget, _ handler: @escaping @MainActor (Int) -> Void) {
        final class Box {
            let f: @MainActor (Int) -> Void
            init(_ f: @escaping @MainActor (Int) -> Void) { self.f = f }
        }
        let cb: @convention(c) (gpointer?, gpointer?, gpointer?) -> Void = { _, row, data in
            guard let row, let data else { return }
            let b = Unmanaged<Box>.fromOpaque(data).takeUnretainedValue()
            let index = Int(gtk_list_box_row_get_index(row.assumingMemoryBound(to: GtkListBoxRow.self)))
            MainActor.assumeIsolated { b.f(index) }
        }
        g_signal_connect_data(
            gptr(list), "row-activated", unsafeBitCast(cb, to: GCallback.self),
            Unmanaged.passRetained(Box(handler)).toOpaque(),
            { data, _ in if let data { Unmanaged<AnyObject>.fromOpaque(data).release() } }, GConnectFlags(0))
    }
}
