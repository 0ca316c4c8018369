import AppCore
import CGtk
import CShim
import Drawing
import Foundation
import GtkKit
import NeuralNet
import Regions

/// The window: header bar, controls on the left, the region map in the middle, the 3-D surface,
/// network and inspector on the right. It forwards input to the core's intents and redraws what
/// the core says changed; it holds no state of its own beyond widgets and rendered layers.
@MainActor
final class MainWindow {
    let window: Widget
    let core: AppCore
    let map: RegionMapPanel
    let surface: SurfacePanel
    let network: NetworkPanel
    let networkControls: NetworkControls
    let controls: ControlsPanel
    private let inspector: Widget
    /// Names what the 3-D view's height is: the logit, the largest output, the picture.
    private let surfaceTitle = UI.label("Logit surface — drag to rotate, wheel to zoom", css: "dim-label")
    private let banner: Widget
    private let bannerText: Widget
    private let sidebar: Widget
    /// The dividers: sidebar | rest, and region map | right column.
    private var body: Widget?
    private var inner: Widget?
    private let app: UnsafeMutablePointer<GtkApplication>
    private var dialog: ConfirmationDialog?
    /// The training video being exported, if any.
    private var videoDialog: VideoExportDialog?
    private var recentSessions: RecentSessionsMenu?
    /// The video options dialog while it is open, and the stride and speed last chosen.
    private(set) var videoOptions: VideoOptionsDialog?
    private var videoSelection: VideoSelection?
    /// The format the last figure export chose, offered first next time.
    private var lastFigureFormat = FigureFormat.png
    /// The plane picker of a many-input model (see MainWindow+Plane).
    var picker: PlanePicker?
    var planeButton: Widget?
    /// The 1-D view's window (see MainWindow+Line).
    var sliceWindow: SliceWindow?

    init(app: UnsafeMutablePointer<GtkApplication>, core: AppCore) {
        self.app = app
        self.core = core
        window = gtk_application_window_new(app)!
        gtk_window_set_title(cast(window), "nnviz")
        gtk_window_set_default_size(cast(window), Self.defaultSize.width, Self.defaultSize.height)
        map = RegionMapPanel(core: core)
        surface = SurfacePanel(core: core)
        network = NetworkPanel(core: core)
        networkControls = NetworkControls(core: core)
        controls = ControlsPanel(core: core)
        inspector = UI.label("Hover a region to read its mathematics.")
        gtk_label_set_selectable(opaque(inspector), 1)
        gtk_label_set_wrap(opaque(inspector), 1)
        gtk_widget_set_valign(inspector, GTK_ALIGN_START)
        gtk_widget_set_focusable(inspector, 0)
        UI.accessible(inspector, "Inspector")
        banner = UI.box(false, spacing: 8)
        bannerText = UI.label("")
        gtk_label_set_wrap(opaque(bannerText), 1)
        gtk_widget_set_hexpand(bannerText, 1)
        UI.accessible(bannerText, "Message")
        sidebar = gtk_scrolled_window_new()!
        // A long title (a class's logit) is cut short rather than widening the right column; its
        // tooltip holds all of it. (Wrapping would make the pane's height depend on its width,
        // which GtkPaned measures inconsistently.)
        gtk_label_set_ellipsize(opaque(surfaceTitle), PANGO_ELLIPSIZE_END)
        build()
        controls.returnFocus = { [unowned self] in self.focusMap() }
        // Scripts that drive the window from outside find the map here rather than guessing.
        if ProcessInfo.processInfo.environment["NNVIZ_TRACE"] != nil {
            map.onResize = { [unowned self] in
                let r = self.mapRectangle
                let share =
                    r.width * r.height / Double(gtk_widget_get_width(self.window) * gtk_widget_get_height(self.window))
                print(
                    "map at \(Int(r.x)),\(Int(r.y)) size \(Int(r.width))x\(Int(r.height)) in window "
                        + "\(gtk_widget_get_width(self.window))x\(gtk_widget_get_height(self.window)) "
                        + "share \(String(format: "%.2f", share))")
            }
        }
        core.observe { [unowned self] change in self.update(change) }
        // Results still queued when the window goes must not reach its destroyed widgets.
        Signal.connect(gptr(window), "destroy") { [unowned self] in
            self.core.shutDown()
            self.map.stop()
            self.surface.stop()
            self.network.stop()
        }
        Signal.connectCloseRequest(gptr(window)) { [unowned self] in !self.core.requestQuit() }
        update([.settings, .training, .document, .message])
    }

    private func build() {
        let header = gtk_header_bar_new()!
        gtk_window_set_titlebar(cast(window), header)
        let openImage = UI.button("Open image…", tooltip: "Open an image to train on (Ctrl+O)") { [unowned self] in
            self.openImage()
        }
        let openModel = UI.button("Open model…", tooltip: "Open a .safetensors model") { [unowned self] in
            self.openModel()
        }
        UI.accessible(openImage, "Open image")
        UI.accessible(openModel, "Open model")
        gtk_header_bar_pack_start(opaque(header), openImage)
        gtk_header_bar_pack_start(opaque(header), openModel)
        buildPlaneButton(header)
        let menu = gtk_menu_button_new()!
        gtk_menu_button_set_icon_name(opaque(menu), "open-menu-symbolic")
        gtk_menu_button_set_menu_model(opaque(menu), mainMenu())
        UI.accessible(menu, "Main menu")
        gtk_header_bar_pack_end(opaque(header), menu)
        let export = gtk_menu_button_new()!
        gtk_menu_button_set_label(opaque(export), "Export")
        gtk_menu_button_set_menu_model(opaque(export), exportMenu())
        gtk_widget_set_tooltip_text(export, "Export figures, the model or the regions (Ctrl+E: region map)")
        UI.accessible(export, "Export")
        gtk_header_bar_pack_end(opaque(header), export)
        for w in [openImage, openModel, menu, export] { gtk_widget_set_focus_on_click(w, 0) }

        let root = UI.box(true, spacing: 0)
        gtk_widget_add_css_class(banner, "error")
        UI.margins(banner, 6)
        let dismiss = UI.button("Dismiss") { [unowned self] in self.core.dismissMessage() }
        UI.accessible(dismiss, "Dismiss message")
        UI.append(banner, bannerText, dismiss)
        gtk_widget_set_visible(banner, 0)
        UI.append(root, banner)

        gtk_scrolled_window_set_policy(opaque(sidebar), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC)
        gtk_scrolled_window_set_child(opaque(sidebar), controls.widget)
        gtk_widget_set_vexpand(sidebar, 1)
        // The wheel scrolls the sidebar; it never changes the spin button or slider under the
        // pointer (one tick there could discard a trained run).
        UI.captureScroll(sidebar) { [unowned self] _, dy in
            let adj = gtk_scrolled_window_get_vadjustment(opaque(self.sidebar))!
            let step = max(24, pow(gtk_adjustment_get_page_size(adj), 2.0 / 3.0))
            gtk_adjustment_set_value(adj, gtk_adjustment_get_value(adj) + dy * step)
            return true
        }
        // A fixed-size inspector: new text never resizes the column (nor re-lays out the window).
        let inspectorBox = gtk_scrolled_window_new()!
        gtk_scrolled_window_set_policy(opaque(inspectorBox), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC)
        gtk_scrolled_window_set_child(opaque(inspectorBox), inspector)
        gtk_widget_set_size_request(inspectorBox, -1, 210)
        let right = UI.box(true, spacing: 6)
        gtk_widget_set_size_request(right, Self.rightMinimumWidth, -1)
        UI.margins(right, 6)
        UI.append(
            right, surfaceTitle, surface.widget,
            network.caption, network.widget, networkControls.widget,
            UI.label("Inspector", css: "heading"),
            inspectorBox)
        // Two draggable dividers: sidebar | (region map | right column). Only the map grows with
        // the window; the sidebar and the right column keep the widths the person gave them.
        let inner = Self.paned(map.widget, right, resizeStart: true, resizeEnd: false)
        let body = Self.paned(sidebar, inner, resizeStart: false, resizeEnd: true)
        UI.expand(body)
        self.body = body
        self.inner = inner
        placeDividers(windowWidth: Self.defaultSize.width)
        UI.append(root, body)
        gtk_window_set_child(cast(window), root)
        installActions()
        installKeys()
        installDrop()
    }

    static let defaultSize: (width: Int32, height: Int32) = (1440, 900)
    /// The sidebar's starting width: the controls' narrowest with room for the scroll bar.
    static let sidebarWidth: Int32 = 290
    /// The right column's narrowest: the surface and network views stay legible down to here.
    static let rightMinimumWidth: Int32 = 300
    /// The right column's starting width at the default size; a narrower window starts it
    /// narrower, so the map keeps most of the space.
    static let rightWidth: Int32 = 340

    private static func paned(_ start: Widget, _ end: Widget, resizeStart: Bool, resizeEnd: Bool) -> Widget {
        let p = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL)!
        gtk_paned_set_start_child(opaque(p), start)
        gtk_paned_set_end_child(opaque(p), end)
        gtk_paned_set_resize_start_child(opaque(p), resizeStart ? 1 : 0)
        gtk_paned_set_resize_end_child(opaque(p), resizeEnd ? 1 : 0)
        // No pane may be squeezed below what its widgets ask for: controls never get clipped.
        gtk_paned_set_shrink_start_child(opaque(p), 0)
        gtk_paned_set_shrink_end_child(opaque(p), 0)
        gtk_paned_set_wide_handle(opaque(p), 1)
        return p
    }

    /// Puts the dividers where a window `windowWidth` wide gives the map most of its area.
    func placeDividers(windowWidth: Int32) {
        guard let body, let inner else { return }
        gtk_paned_set_position(opaque(body), Self.sidebarWidth)
        let right = windowWidth >= Self.defaultSize.width ? Self.rightWidth : Self.rightMinimumWidth
        gtk_paned_set_position(opaque(inner), max(300, windowWidth - Self.sidebarWidth - right - 16))
    }

    /// Sets the window's size and places the dividers for it (tests, `--size`).
    func resize(width: Int32, height: Int32) {
        gtk_window_set_default_size(cast(window), width, height)
        placeDividers(windowWidth: width)
    }

    /// The region map's rectangle in window coordinates (x, y, width, height).
    var mapRectangle: (x: Double, y: Double, width: Double, height: Double) {
        var x = 0.0
        var y = 0.0
        _ = gtk_widget_translate_coordinates(map.widget, window, 0, 0, &x, &y)
        if let native = gtk_widget_get_native(window) {
            // The surface may carry client-side shadows around the window's own origin.
            var sx = 0.0
            var sy = 0.0
            gtk_native_get_surface_transform(native, &sx, &sy)
            x += sx
            y += sy
        }
        return (x, y, Double(gtk_widget_get_width(map.widget)), Double(gtk_widget_get_height(map.widget)))
    }

    // MARK: Menus and actions

    private func mainMenu() -> UnsafeMutablePointer<GMenuModel> {
        let m = g_menu_new()!
        let sessions = g_menu_new()!
        g_menu_append(sessions, "Open Session…", "app.open-session")
        g_menu_append(sessions, "Save Session…", "app.save-session")
        g_menu_append_section(m, nil, cast(sessions))
        recentSessions = RecentSessionsMenu(in: m, at: 1, app: app) { [unowned self] path in
            self.core.open(path)
            if self.core.message == nil { RecentSessionsMenu.remember(path) }
        }
        let general = g_menu_new()!
        g_menu_append(general, "Keyboard Shortcuts", "app.shortcuts")
        g_menu_append(general, "About nnviz", "app.about")
        g_menu_append(general, "Quit", "app.quit")
        g_menu_append_section(m, nil, cast(general))
        return cast(m)
    }

    private func exportMenu() -> UnsafeMutablePointer<GMenuModel> {
        let m = g_menu_new()!
        g_menu_append(m, "Region map (PNG, SVG or PDF)…", "app.export-map")
        g_menu_append(m, "Surface (PNG, SVG or PDF)…", "app.export-surface")
        g_menu_append(m, "Network (PNG, SVG or PDF)…", "app.export-network")
        g_menu_append(m, "Training video (WebM)…", "app.export-video")
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
        action("export-map", accels: ["<Control>e"]) { [unowned self] in self.exportFigure(.map) }
        action("export-surface") { [unowned self] in self.exportFigure(.surface) }
        action("export-network") { [unowned self] in self.exportFigure(.network) }
        action("export-video") { [unowned self] in
            guard self.core.dataset != nil, !self.core.timeline.isEmpty, self.videoDialog == nil else {
                return self.core.showMessage(
                    self.videoDialog != nil
                        ? "A training video is being exported already."
                        : "A training video needs a run on an image: open one and train first.")
            }
            self.videoOptions = VideoOptionsDialog(
                timeline: self.core.timeline, initial: self.videoSelection, parent: self.window
            ) { selection in
                self.videoOptions = nil
                self.videoSelection = selection
                self.saveDialog("Export training video", self.core.suggestedName("training") + ".webm") { path in
                    let file = path.lowercased().hasSuffix(".webm") ? path : path + ".webm"
                    self.videoDialog = VideoExportDialog(
                        core: self.core, selection: selection, parent: self.window, path: file
                    ) {
                        self.videoDialog = nil
                    }
                }
            }
        }
        action("export-window") { [unowned self] in
            self.saveDialog("Export window", self.core.suggestedName("window") + ".png") { self.screenshot(to: $0) }
        }
        action("save-model", accels: ["<Control>s"]) { [unowned self] in
            self.saveDialog("Save model", self.core.suggestedName("model") + ".safetensors") {
                self.core.saveModel(to: $0)
            }
        }
        action("export-regions") { [unowned self] in
            self.saveDialog("Export regions", self.core.suggestedName("regions") + ".json") {
                self.core.exportRegions(to: $0)
            }
        }
        action("open-session", accels: ["<Control><Shift>o"]) { [unowned self] in
            self.openDialog("Open session", patterns: ["*.\(SessionFile.fileExtension)"]) { path in
                self.core.open(path)
                if self.core.message == nil { RecentSessionsMenu.remember(path) }
            }
        }
        action("save-session", accels: ["<Control><Shift>s"]) { [unowned self] in
            guard self.core.canSaveSession else {
                return self.core.showMessage("Nothing to save as a session yet: open an image or a model first.")
            }
            self.saveDialog("Save session", self.core.suggestedSessionName) { path in
                let file =
                    path.hasSuffix(".\(SessionFile.fileExtension)") ? path : path + ".\(SessionFile.fileExtension)"
                self.core.saveSession(to: file)
                if self.core.notice?.hasPrefix("Saved to") == true { RecentSessionsMenu.remember(file) }
            }
        }
        action("reset", accels: ["<Control>r"]) { [unowned self] in self.core.reset() }
        action("quit", accels: ["<Control>q"]) { [unowned self] in
            if self.core.requestQuit() { self.quit() }
        }
        action("about") { [unowned self] in self.about() }
        action("shortcuts", accels: ["<Control>question"]) { [unowned self] in self.shortcuts() }
    }

    /// Space, → and Esc reach training from any widget (captured before the focused widget sees
    /// them), except while the person types in a text field.
    private func installKeys() {
        UI.captureKeys(window) { [unowned self] keyval, state in
            let modifiers = state.rawValue & (GDK_CONTROL_MASK.rawValue | GDK_ALT_MASK.rawValue)
            // Ctrl+plus / Ctrl+minus / Ctrl+0: the plots' text size, from any widget (a text
            // field has no use for them).
            if modifiers == GDK_CONTROL_MASK.rawValue {
                switch Int32(keyval) {
                case GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add:
                    self.core.zoomText(by: 1.1)
                case GDK_KEY_minus, GDK_KEY_KP_Subtract:
                    self.core.zoomText(by: 1 / 1.1)
                case GDK_KEY_0, GDK_KEY_KP_0:
                    self.core.setTextScale(1)
                default:
                    return false
                }
                return true
            }
            guard modifiers == 0, !UI.isTyping(in: self.window) else { return false }
            switch Int32(keyval) {
            case GDK_KEY_space:
                self.core.togglePlay()
                return true
            case GDK_KEY_Right:
                self.core.step()
                return true
            case GDK_KEY_Escape:
                self.core.unpin()
                return true
            default:
                return false
            }
        }
    }

    private func installDrop() {
        let target = gtk_drop_target_new(nnviz_file_type(), GDK_ACTION_COPY)!
        Signal.connectDrop(gptr(target)) { [unowned self] value in
            guard let file = nnviz_value_get_file(value), let path = g_file_get_path(file) else { return false }
            defer { g_free(path) }
            self.core.open(String(cString: path))
            return true
        }
        UI.add(target, to: window)
    }

    func focusMap() { gtk_widget_grab_focus(map.widget) }

    private func quit() {
        core.shutDown()
        g_application_quit(cast(app))
    }

    // MARK: Dialogs

    private func openImage() {
        openDialog("Open image", patterns: ["*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp", "*.tif", "*.tiff", "*.webp"])
        {
            [unowned self] in self.core.open($0)
        }
    }

    private func openModel() {
        openDialog("Open model", patterns: ["*.safetensors"]) { [unowned self] in self.core.open($0) }
    }

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

    /// A save dialog with one filter per figure format; a name without a known extension gets the
    /// chosen filter's, and a typed .svg or .pdf wins over the filter.
    private func exportFigure(_ view: FigureExporter.View) {
        let title = ["regions": "Export region map", "surface": "Export surface", "network": "Export network"][
            view.rawValue]!
        let dialog = gtk_file_chooser_native_new(
            title, cast(window), GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel")!
        let names: [FigureFormat: String] = [.png: "PNG image", .svg: "SVG drawing", .pdf: "PDF document"]
        var filters: [(FigureFormat, OpaquePointer)] = []
        for format in FigureFormat.allCases {
            let filter = gtk_file_filter_new()!
            gtk_file_filter_set_name(filter, "\(names[format]!) (.\(format.rawValue))")
            gtk_file_filter_add_pattern(filter, "*.\(format.rawValue)")
            gtk_file_chooser_add_filter(dialog, filter)
            filters.append((format, filter))
        }
        if let last = filters.first(where: { $0.0 == lastFigureFormat }) { gtk_file_chooser_set_filter(dialog, last.1) }
        gtk_file_chooser_set_current_name(dialog, core.suggestedName(view.rawValue) + "." + lastFigureFormat.rawValue)
        run(dialog) { [unowned self] path in
            let chosen = gtk_file_chooser_get_filter(dialog).flatMap { f in filters.first { $0.1 == f }?.0 }
            let typed = FigureFormat(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())
            let format = typed ?? chosen ?? .png
            self.lastFigureFormat = format
            FigureExporter.export(view, of: self.core, to: typed == nil ? path + "." + format.rawValue : path)
        }
    }

    private func run(_ dialog: OpaquePointer, _ done: @escaping @MainActor (String) -> Void) {
        Signal.connectResponse(gptr(dialog)) { [unowned self] response in
            if response == GTK_RESPONSE_ACCEPT.rawValue, let file = gtk_file_chooser_get_file(dialog),
                let path = g_file_get_path(file)
            {
                let p = String(cString: path)
                g_free(path)
                g_object_unref(UnsafeMutableRawPointer(file))
                done(p)
            }
            g_object_unref(UnsafeMutableRawPointer(dialog))
            self.focusMap()
        }
        gtk_native_dialog_show(cast(dialog))
    }

    private func about() {
        let d = gtk_about_dialog_new()!
        gtk_about_dialog_set_program_name(opaque(d), "nnviz")
        gtk_about_dialog_set_version(opaque(d), AppVersion.current)
        gtk_about_dialog_set_comments(
            opaque(d), "The exact linear regions of ReLU networks with 2-D input, live while they train.")
        // No licence is claimed: the project has not chosen one yet (see the README).
        gtk_window_set_transient_for(cast(d), cast(window))
        gtk_window_set_modal(cast(d), 1)
        gtk_window_present(cast(d))
    }

    private func shortcuts() {
        let d = UI.childWindow("Keyboard shortcuts", of: window, .dialog, width: -1)
        let grid = gtk_grid_new()!
        gtk_grid_set_row_spacing(cast(grid), 6)
        gtk_grid_set_column_spacing(cast(grid), 18)
        UI.margins(grid, 18)
        let rows = [
            ("Ctrl+O", "Open image"), ("Ctrl+E", "Export the region map"), ("Ctrl+S", "Save the model"),
            ("Ctrl+Shift+S", "Save the session"), ("Ctrl+Shift+O", "Open a session"),
            ("Space", "Play / pause training"), ("→", "Train one epoch"), ("Ctrl+R", "Reset the network"),
            ("Click", "Pin the region under the cursor"),
            ("Shift+click", "A point of the line slice (two make the line)"),
            ("Esc", "Unpin; close this window"),
            ("Wheel / drag", "Zoom / pan the region map, rotate the surface"),
            ("Double-click", "Reset zoom / view"), ("Ctrl+plus / Ctrl+minus", "Larger / smaller text in the plots"),
            ("Ctrl+0", "Normal text size"), ("Ctrl+Q", "Quit"),
        ]
        for (i, r) in rows.enumerated() {
            gtk_grid_attach(cast(grid), UI.label(r.0, css: "heading"), 0, Int32(i), 1, 1)
            gtk_grid_attach(cast(grid), UI.label(r.1), 1, Int32(i), 1, 1)
        }
        gtk_window_set_child(cast(d), grid)
        UI.captureKeys(d) { [unowned self] keyval, _ in
            guard Int32(keyval) == GDK_KEY_Escape else { return false }
            gtk_window_destroy(cast(d))
            self.focusMap()
            return true
        }
        gtk_window_present(cast(d))
    }

    // MARK: Updates

    private func update(_ change: ChangeSet) {
        if !change.isDisjoint(with: [.partition, .view, .network]) {
            map.refresh()
            surface.refresh()
            network.refresh()
        }
        if change.contains(.view) {
            controls.curves.refresh()
            updateInspector()
        }
        if change.contains(.hover) {
            UI.redraw(map.widget)
            surface.refresh()
            network.refresh()
            updateInspector()
        } else if change.contains(.partition) {
            updateInspector()
        }
        if !change.isDisjoint(with: [.view, .document, .network]) { networkControls.refresh() }
        if change.contains(.settings) {
            controls.refreshSettings()
            map.refresh()  // a pending threshold previews its labels
        }
        if !change.isDisjoint(with: [.training, .timeline, .partition]) { controls.refreshTraining() }
        // The colour and output choices depend on the task, which changes only with a new document
        // (an open, a reset or a shown network), not with every training snapshot.
        if !change.isDisjoint(with: [.view, .document]) {
            controls.refreshView()
            let title = Self.surfaceTitle(core.task, output: core.view.output)
            UI.setText(surfaceTitle, title)
            gtk_widget_set_tooltip_text(surfaceTitle, title)
        }
        if !change.isDisjoint(with: [.document, .settings]) { updateTitle() }
        if change.contains(.message) { updateBanner() }
        if change.contains(.confirmation) { updateConfirmation() }
        if change.contains(.quit) { quit() }
        if !change.isDisjoint(with: [.plane, .message]) { updatePlane(change) }
        if !change.isDisjoint(with: [.line, .network, .document]) { updateLine(change) }
    }

    static func surfaceTitle(_ task: LearningTask, output: Int?) -> String {
        let what: String
        switch task {
        case .binary: what = "Logit surface"
        case .classes: what = output.map { "Logit of class \($0)" } ?? "Largest output (the winner's logit)"
        case .regression(let channels):
            what =
                channels == 1
                ? "Reconstructed grey level"
                : output.map { "Reconstructed \(["red", "green", "blue"][$0])" }
                    ?? "Reconstructed brightness (mean of R, G, B)"
        }
        return what + " — drag to rotate, wheel to zoom"
    }

    private func updateTitle() {
        var parts = ["nnviz"]
        if let path = core.imagePath ?? core.modelPath { parts.append(URL(fileURLWithPath: path).lastPathComponent) }
        if let built = core.builtSettings {
            parts.append(built.shapeDescription + (built.task.kind == .binary ? "" : ", \(core.task)"))
        }
        gtk_window_set_title(cast(window), parts.joined(separator: " — "))
    }

    private func updateBanner() {
        if let m = core.message {
            UI.setText(bannerText, m)
            gtk_widget_remove_css_class(banner, "success")
            gtk_widget_add_css_class(banner, "error")
            gtk_widget_set_visible(banner, 1)
        } else if let n = core.notice {
            UI.setText(bannerText, n)
            gtk_widget_remove_css_class(banner, "error")
            gtk_widget_add_css_class(banner, "success")
            gtk_widget_set_visible(banner, 1)
            // A confirmation fades after a few seconds unless another replaced it.
            every(milliseconds: 5000) { [weak self] in
                if let self, self.core.message == nil, self.core.notice == n { self.core.dismissMessage() }
                return false
            }
        } else {
            gtk_widget_set_visible(banner, 0)
        }
    }

    private func updateConfirmation() {
        dialog?.dismiss()
        dialog = nil
        guard let c = core.confirmation else { return }
        dialog = ConfirmationDialog(c, parent: window) { [unowned self] yes in
            self.dialog = nil
            if yes { self.core.confirm() } else { self.core.cancelConfirmation() }
            self.focusMap()
        }
    }

    func updateInspector() {
        guard let r = InspectorReport.make(core) else {
            UI.setMarkup(
                inspector,
                core.partition == nil
                    ? ""
                    : scaled(
                        "<span foreground='#5C6370'>Hover a region to read its activation pattern and affine map; click to pin it.</span>"
                    ))
            return
        }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        var lines = ["<b>\(esc(r.title))</b>\(r.pinned ? " (pinned — Esc to unpin)" : "")"]
        lines += r.formulas.map { f in
            (f.color.map { "<span foreground='\($0)'>■</span> " } ?? "") + "<tt>\(esc(f.text))</tt>"
        }
        lines.append(esc(r.slopeAndArea))
        lines += [r.atPointer, r.pixels].compactMap { $0.map(esc) }
        lines.append("activation pattern (● active):")
        lines += r.patternLines.map { "<tt>\(esc($0))</tt>" }
        UI.setMarkup(inspector, scaled(lines.joined(separator: "\n")))
    }

    /// Markup at the projector text size (Pango reads a percentage of the label's font).
    private func scaled(_ markup: String) -> String {
        let s = core.view.textScale
        return s == 1 ? markup : "<span size='\(Int((s * 100).rounded()))%'>\(markup)</span>"
    }

    // MARK: Window picture

    /// Renders the whole window (or one view) to a PNG from inside the app.
    @discardableResult
    func screenshot(to path: String, widget: Widget? = nil) -> Bool {
        let target = widget ?? window
        guard let native = gtk_widget_get_native(target), let renderer = gtk_native_get_renderer(native) else {
            core.showMessage("cannot take a screenshot: the window has no renderer yet")
            return false
        }
        let w = Double(gtk_widget_get_width(target))
        let h = Double(gtk_widget_get_height(target))
        guard w > 0, h > 0 else {
            core.showMessage("cannot take a screenshot: the window has no size yet")
            return false
        }
        let paintable = gtk_widget_paintable_new(target)!
        let snapshot = gtk_snapshot_new()!
        gdk_paintable_snapshot(paintable, snapshot, w, h)
        guard let node = gtk_snapshot_free_to_node(snapshot) else {
            g_object_unref(UnsafeMutableRawPointer(paintable))
            core.showMessage("cannot take a screenshot: nothing has been drawn yet")
            return false
        }
        let texture = gsk_renderer_render_texture(renderer, node, nil)!
        let ok = gdk_texture_save_to_png(texture, path) != 0
        g_object_unref(UnsafeMutableRawPointer(texture))
        gsk_render_node_unref(node)
        g_object_unref(UnsafeMutableRawPointer(paintable))
        if ok { core.reportSaved(path) } else { core.showMessage("cannot write \(path)") }
        return ok
    }

    func present() {
        // The region map takes the focus when the window maps: Space and → drive training.
        Signal.connect(gptr(window), "map") { [unowned self] in self.focusMap() }
        gtk_window_present(cast(window))
    }
}
