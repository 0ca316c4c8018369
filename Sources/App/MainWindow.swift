import CGtk
import CShim
import Drawing
import Foundation
import GtkKit
import NeuralNet
import Regions

/// The window: header bar, controls on the left, the region map in the middle, the 3-D surface,
/// network and inspector on the right. It only forwards input to the model and draws.
@MainActor
final class MainWindow {
    let window: Widget
    let model: AppModel
    let map: RegionMapPanel
    let surface: SurfacePanel
    let network: NetworkPanel
    let controls: ControlsPanel
    private let inspector: Widget
    private let banner: Widget
    private let bannerText: Widget
    private let app: UnsafeMutablePointer<GtkApplication>

    init(app: UnsafeMutablePointer<GtkApplication>, model: AppModel) {
        self.app = app
        self.model = model
        window = gtk_application_window_new(app)!
        gtk_window_set_title(cast(window), "nnviz")
        gtk_window_set_default_size(cast(window), 1440, 900)
        map = RegionMapPanel(model: model)
        surface = SurfacePanel(model: model)
        network = NetworkPanel(model: model)
        controls = ControlsPanel(model: model)
        inspector = UI.label("Hover a region to read its mathematics.")
        gtk_label_set_selectable(opaque(inspector), 1)
        gtk_label_set_wrap(opaque(inspector), 1)
        gtk_widget_set_valign(inspector, GTK_ALIGN_START)
        banner = UI.box(false, spacing: 8)
        bannerText = UI.label("")
        gtk_label_set_wrap(opaque(bannerText), 1)
        gtk_widget_set_hexpand(bannerText, 1)
        build()
        model.observers.append { [unowned self] change in self.update(change) }
        // Deliveries still queued when the window goes must not reach its destroyed widgets.
        Signal.connect(gptr(window), "destroy") { [model] in
            model.observers.removeAll()
            model.session?.stop()
        }
    }

    private func build() {
        let header = gtk_header_bar_new()!
        gtk_window_set_titlebar(cast(window), header)
        gtk_header_bar_pack_start(opaque(header), UI.button("Open image…", tooltip: "Open an image to train on (Ctrl+O)") { [unowned self] in self.openImage() })
        gtk_header_bar_pack_start(opaque(header), UI.button("Open model…", tooltip: "Open a .safetensors model") { [unowned self] in self.openModel() })
        let menu = gtk_menu_button_new()!
        gtk_menu_button_set_icon_name(opaque(menu), "open-menu-symbolic")
        gtk_menu_button_set_menu_model(opaque(menu), mainMenu())
        gtk_header_bar_pack_end(opaque(header), menu)
        let export = gtk_menu_button_new()!
        gtk_menu_button_set_label(opaque(export), "Export")
        gtk_menu_button_set_menu_model(opaque(export), exportMenu())
        gtk_widget_set_tooltip_text(export, "Export figures, the model or the regions (Ctrl+E: region map)")
        gtk_header_bar_pack_end(opaque(header), export)

        let root = UI.box(true, spacing: 0)
        gtk_widget_add_css_class(banner, "error")
        UI.margins(banner, 6)
        UI.append(banner, bannerText, UI.button("Dismiss") { [unowned self] in self.model.show(message: nil) })
        gtk_widget_set_visible(banner, 0)
        UI.append(root, banner)

        let body = UI.box(false, spacing: 0)
        UI.expand(body)
        let scroller = gtk_scrolled_window_new()!
        gtk_scrolled_window_set_policy(opaque(scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC)
        gtk_scrolled_window_set_child(opaque(scroller), controls.widget)
        gtk_widget_set_vexpand(scroller, 1)
        UI.append(body, scroller, gtk_separator_new(GTK_ORIENTATION_VERTICAL), map.widget, gtk_separator_new(GTK_ORIENTATION_VERTICAL))
        let right = UI.box(true, spacing: 6)
        gtk_widget_set_size_request(right, 400, -1)
        UI.margins(right, 6)
        UI.append(right, UI.label("Logit surface — drag to rotate, wheel to zoom", css: "dim-label"), surface.widget,
                  UI.label("Network — hover a neuron", css: "dim-label"), network.widget, UI.label("Inspector", css: "heading"), inspector)
        UI.append(body, right)
        UI.append(root, body)
        gtk_window_set_child(cast(window), root)
        installActions()
        installKeys()
        installDrop()
    }

    // MARK: Menus and actions

    private func mainMenu() -> UnsafeMutablePointer<GMenuModel> {
        let m = g_menu_new()!
        g_menu_append(m, "Keyboard Shortcuts", "app.shortcuts")
        g_menu_append(m, "About nnviz", "app.about")
        g_menu_append(m, "Quit", "app.quit")
        return cast(m)
    }

    private func exportMenu() -> UnsafeMutablePointer<GMenuModel> {
        let m = g_menu_new()!
        g_menu_append(m, "Region map (PNG, SVG or PDF)…", "app.export-map")
        g_menu_append(m, "Surface (PNG, SVG or PDF)…", "app.export-surface")
        g_menu_append(m, "Network (PNG, SVG or PDF)…", "app.export-network")
        g_menu_append(m, "Whole window (PNG)…", "app.export-window")
        g_menu_append(m, "Model (safetensors)…", "app.save-model")
        g_menu_append(m, "Regions (JSON)…", "app.export-regions")
        return cast(m)
    }

    private func action(_ name: String, accels: [String] = [], _ f: @escaping @MainActor () -> Void) {
        let a = g_simple_action_new(name, nil)!
        Signal.connect3(gptr(a), "activate", f)
        g_action_map_add_action(OpaquePointer(app), a)
        guard !accels.isEmpty else { return }
        var list: [UnsafeMutablePointer<CChar>?] = accels.map { strdup($0) } + [nil]
        list.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buf.count) {
                gtk_application_set_accels_for_action(app, "app.\(name)", $0)
            }
        }
        for p in list { free(p) }
    }

    private func installActions() {
        action("open", accels: ["<Control>o"]) { [unowned self] in self.openImage() }
        action("export-map", accels: ["<Control>e"]) { [unowned self] in self.saveDialog("Export region map", "regions.png") { self.exportFigure(.map, to: $0) } }
        action("export-surface") { [unowned self] in self.saveDialog("Export surface", "surface.png") { self.exportFigure(.surface, to: $0) } }
        action("export-network") { [unowned self] in self.saveDialog("Export network", "network.png") { self.exportFigure(.network, to: $0) } }
        action("export-window") { [unowned self] in self.saveDialog("Export window", "nnviz.png") { self.screenshot(to: $0) } }
        action("save-model", accels: ["<Control>s"]) { [unowned self] in self.saveDialog("Save model", "model.safetensors") { self.saveModel(to: $0) } }
        action("export-regions") { [unowned self] in self.saveDialog("Export regions", "regions.json") { self.exportRegions(to: $0) } }
        action("reset", accels: ["<Control>r"]) { [unowned self] in self.model.resetTraining() }
        action("quit", accels: ["<Control>q"]) { [unowned self] in self.model.session?.stop(); g_application_quit(cast(self.app)) }
        action("about") { [unowned self] in self.about() }
        action("shortcuts", accels: ["<Control>question"]) { [unowned self] in self.shortcuts() }
    }

    private func installKeys() {
        let keys = gtk_event_controller_key_new()!
        Signal.connectKey(gptr(keys)) { [unowned self] keyval, _ in
            // Leave typing keys to text fields.
            if let focus = gtk_window_get_focus(cast(self.window)), g_type_check_instance_is_a(UnsafeMutableRawPointer(focus).assumingMemoryBound(to: GTypeInstance.self), gtk_editable_get_type()) != 0 {
                return false
            }
            switch Int32(keyval) {
            case GDK_KEY_space: self.model.togglePlay(); return true
            case GDK_KEY_Right: self.model.step(); return true
            case GDK_KEY_Escape: self.model.unpin(); return true
            default: return false
            }
        }
        UI.add(keys, to: window)
    }

    private func installDrop() {
        let target = gtk_drop_target_new(nnviz_file_type(), GDK_ACTION_COPY)!
        Signal.connectDrop(gptr(target)) { [unowned self] value in
            guard let file = nnviz_value_get_file(value), let path = g_file_get_path(file) else { return false }
            defer { g_free(path) }
            self.open(String(cString: path))
            return true
        }
        UI.add(target, to: window)
    }

    /// Opens an image or a model, by its extension.
    func open(_ path: String) {
        if path.lowercased().hasSuffix(".safetensors") { model.loadModel(path) } else { model.loadImage(path) }
    }

    // MARK: Dialogs

    private func openImage() { openDialog("Open image", patterns: ["*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp", "*.tif", "*.tiff", "*.webp"]) { [unowned self] in self.model.loadImage($0) } }
    private func openModel() { openDialog("Open model", patterns: ["*.safetensors"]) { [unowned self] in self.model.loadModel($0) } }

    private func openDialog(_ title: String, patterns: [String], _ done: @escaping @MainActor (String) -> Void) {
        let dialog = gtk_file_chooser_native_new(title, cast(window), GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel")!
        let filter = gtk_file_filter_new()!
        gtk_file_filter_set_name(filter, title)
        for p in patterns { gtk_file_filter_add_pattern(filter, p) }
        gtk_file_chooser_add_filter(dialog, filter)
        run(dialog, done)
    }

    private func saveDialog(_ title: String, _ name: String, _ done: @escaping @MainActor (String) -> Void) {
        let dialog = gtk_file_chooser_native_new(title, cast(window), GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel")!
        gtk_file_chooser_set_current_name(dialog, name)
        run(dialog, done)
    }

    private func run(_ dialog: OpaquePointer, _ done: @escaping @MainActor (String) -> Void) {
        Signal.connectResponse(gptr(dialog)) { response in
            if response == GTK_RESPONSE_ACCEPT.rawValue, let file = gtk_file_chooser_get_file(dialog), let path = g_file_get_path(file) {
                let p = String(cString: path)
                g_free(path)
                g_object_unref(UnsafeMutableRawPointer(file))
                done(p)
            }
            g_object_unref(UnsafeMutableRawPointer(dialog))
        }
        gtk_native_dialog_show(cast(dialog))
    }

    private func about() {
        let d = gtk_about_dialog_new()!
        gtk_about_dialog_set_program_name(opaque(d), "nnviz")
        gtk_about_dialog_set_version(opaque(d), "0.3.0")
        gtk_about_dialog_set_comments(opaque(d), "The exact linear regions of ReLU networks with 2-D input, live while they train.")
        gtk_about_dialog_set_license_type(opaque(d), GTK_LICENSE_MIT_X11)
        gtk_window_set_transient_for(cast(d), cast(window))
        gtk_window_set_modal(cast(d), 1)
        gtk_window_present(cast(d))
    }

    private func shortcuts() {
        let d = gtk_window_new()!
        gtk_window_set_title(cast(d), "Keyboard shortcuts")
        gtk_window_set_transient_for(cast(d), cast(window))
        gtk_window_set_modal(cast(d), 1)
        let grid = gtk_grid_new()!
        gtk_grid_set_row_spacing(cast(grid), 6); gtk_grid_set_column_spacing(cast(grid), 18)
        UI.margins(grid, 18)
        let rows = [("Ctrl+O", "Open image"), ("Ctrl+E", "Export the region map"), ("Ctrl+S", "Save the model"),
                    ("Space", "Play / pause training"), ("→", "Train one epoch"), ("Ctrl+R", "Reset the network"),
                    ("Click", "Pin the region under the cursor"), ("Esc", "Unpin"), ("Wheel / drag", "Zoom / pan the region map, rotate the surface"),
                    ("Double-click", "Reset zoom / view"), ("Ctrl+Q", "Quit")]
        for (i, r) in rows.enumerated() {
            gtk_grid_attach(cast(grid), UI.label(r.0, css: "heading"), 0, Int32(i), 1, 1)
            gtk_grid_attach(cast(grid), UI.label(r.1), 1, Int32(i), 1, 1)
        }
        gtk_window_set_child(cast(d), grid)
        gtk_window_present(cast(d))
    }

    // MARK: Updates

    private func update(_ change: AppModel.Change) {
        switch change {
        case .hover:
            UI.redraw(map.widget); UI.redraw(surface.widget); UI.redraw(network.widget)
            updateInspector()
        case .partition, .view, .network:
            map.invalidate()
            UI.redraw(map.widget); UI.redraw(surface.widget); UI.redraw(network.widget)
            updateInspector()
            controls.refresh()
        case .training:
            controls.refresh()
        case .message:
            if let m = model.message { UI.setText(bannerText, m) }
            gtk_widget_set_visible(banner, model.message == nil ? 0 : 1)
        }
    }

    func updateInspector() {
        guard let p = model.partition, let f = model.inspectedFace, f < p.faceCount else {
            UI.setMarkup(inspector, model.partition == nil ? "" : "<span foreground='#5C6370'>Hover a region to read its activation pattern and affine map; click to pin it.</span>")
            return
        }
        let m = p.logits[f]
        func n(_ v: Double) -> String { String(format: "%.4g", v) }
        func signed(_ v: Double) -> String { v < 0 ? "− \(n(-v))" : "+ \(n(v))" }
        var lines: [String] = []
        lines.append("<b>Region \(f + 1) of \(p.faceCount)</b>\(model.pinnedFace == f ? " (pinned — Esc to unpin)" : "")")
        lines.append("<tt>z = \(n(m.a))·x \(signed(m.b))·y \(signed(m.c))</tt>")
        lines.append("slope ‖∇z‖ = \(n(m.slopeNorm))   area = \(n(p.areas[f]))")
        if let q = model.hoverPoint, let mlp = model.shownNetwork {
            let z = mlp.logit(q.x, q.y)
            lines.append("at (\(n(q.x)), \(n(q.y))): z = \(n(z)), p = \(String(format: "%.3f", 1 / (1 + exp(-z))))")
        }
        let (count, correct) = model.pixels(in: f)
        if count > 0 { lines.append("\(count) training pixels, \(String(format: "%.1f", 100 * Double(correct) / Double(count))) % right") } else if model.dataset != nil { lines.append("no training pixels inside") }
        lines.append("activation pattern (● active):")
        for (l, layer) in p.pattern(f).enumerated() {
            let cells = layer.prefix(48).map { $0 == 1 ? "●" : "○" }.joined()
            lines.append("<tt>L\(l + 1) \(cells)\(layer.count > 48 ? " +\(layer.count - 48)" : "")</tt>")
        }
        UI.setMarkup(inspector, lines.joined(separator: "\n"))
    }

    // MARK: Export

    enum View { case map, surface, network }

    func exportFigure(_ view: View, to path: String) {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.lowercased()
        guard let format = FigureFormat(rawValue: ext) else { model.show(message: "Export: use a .png, .svg or .pdf name"); return }
        guard let mlp = model.shownNetwork, let p = model.partition else { model.show(message: "Nothing to export yet: train or open a model first."); return }
        let arch = (["2"] + mlp.hiddenWidths.map(String.init) + ["1"]).joined(separator: " → ")
        let content = FigureContent(mlp: mlp, domain: p.domain, partition: p, sampled: nil, sampledReason: nil, dataset: model.dataset,
                                    title: "Exact linear regions — \(p.faceCount) regions", subtitle: "\(arch), \(mlp.activation) · epoch \(model.shownEpoch)")
        do {
            switch view {
            case .map:
                try Figure.write(to: url, format: format, width: RunFigures.width, height: RunFigures.height, scale: format == .png ? 1.5 : 1) {
                    RunFigures.regions($0, content, colorMode: self.map.colorMode(p))
                }
            case .surface:
                try Figure.write(to: url, format: format, width: 900, height: 760, scale: format == .png ? 1.5 : 1) { c in
                    var style = SurfaceStyle()
                    style.colorMode = self.map.colorMode(p)
                    style.showEdges = p.faceCount < 4000
                    SurfaceRenderer.draw(c, p, box: (20, 20, 860, 720), view: self.model.surfaceView, style: style)
                }
            case .network:
                try Figure.write(to: url, format: format, width: 900, height: 560, scale: format == .png ? 1.5 : 1) { c in
                    NetworkRenderer.draw(c, mlp, box: (20, 10, 860, 540), point: self.model.hoverPoint.map { Point2($0.x, $0.y) }, highlight: self.model.hoverNeuron)
                }
            }
        } catch {
            model.show(message: "\(error)")
        }
    }

    func saveModel(to path: String) {
        guard let mlp = model.shownNetwork else { model.show(message: "No network to save yet."); return }
        do { try ModelFile(mlp: mlp, domain: model.domain).write(to: URL(fileURLWithPath: path)) } catch { model.show(message: "\(error)") }
    }

    func exportRegions(to path: String) {
        guard let p = model.partition else { model.show(message: "No regions to export yet."); return }
        do { try RegionsJSON.write(p, to: URL(fileURLWithPath: path)) } catch { model.show(message: "\(error)") }
    }

    /// Renders the whole window (or one view) to a PNG from inside the app.
    @discardableResult
    func screenshot(to path: String, widget: Widget? = nil) -> Bool {
        let target = widget ?? window
        guard let native = gtk_widget_get_native(target), let renderer = gtk_native_get_renderer(native) else {
            model.show(message: "cannot take a screenshot: the window has no renderer yet")
            return false
        }
        let w = Double(gtk_widget_get_width(target)), h = Double(gtk_widget_get_height(target))
        guard w > 0, h > 0 else {
            model.show(message: "cannot take a screenshot: the window has no size yet")
            return false
        }
        let paintable = gtk_widget_paintable_new(target)!
        let snapshot = gtk_snapshot_new()!
        gdk_paintable_snapshot(paintable, snapshot, w, h)
        guard let node = gtk_snapshot_free_to_node(snapshot) else {
            g_object_unref(UnsafeMutableRawPointer(paintable))
            model.show(message: "cannot take a screenshot: nothing has been drawn yet")
            return false
        }
        let texture = gsk_renderer_render_texture(renderer, node, nil)!
        let ok = gdk_texture_save_to_png(texture, path) != 0
        g_object_unref(UnsafeMutableRawPointer(texture))
        gsk_render_node_unref(node)
        g_object_unref(UnsafeMutableRawPointer(paintable))
        if !ok { model.show(message: "cannot write \(path)") }
        return ok
    }

    func present() {
        // GTK picks the first focusable widget when the window maps; the region map should have
        // the focus so that Space and → drive training from the start.
        Signal.connect(gptr(window), "map") { [unowned self] in gtk_widget_grab_focus(self.map.widget) }
        gtk_window_present(cast(window))
    }
}
