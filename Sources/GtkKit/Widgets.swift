import CGtk
import CShim
import Foundation

extension Signal {
    /// Three-pointer signals: `notify::property` (object, pspec) and GAction `activate` (action, parameter).
    @discardableResult
    public static func connect3(_ object: gpointer, _ name: String, _ handler: @escaping @MainActor () -> Void) -> UInt
    {
        let box = ClosureBox<@MainActor () -> Void>(handler)
        let cb: @convention(c) (gpointer?, gpointer?, gpointer?) -> Void = { _, _, data in
            let b = Unmanaged<ClosureBox<@MainActor () -> Void>>.fromOpaque(data!).takeUnretainedValue()
            MainActor.assumeIsolated { b.f() }
        }
        return g_signal_connect_data(
            object, name, unsafeBitCast(cb, to: GCallback.self),
            Unmanaged.passRetained(box).toOpaque(),
            { data, _ in
                if let data { Unmanaged<AnyObject>.fromOpaque(data).release() }
            }, GConnectFlags(0))
    }
}

/// Small constructors that keep the window code readable.
@MainActor
public enum UI {
    public static func box(_ vertical: Bool, spacing: Int32 = 6) -> Widget {
        gtk_box_new(vertical ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL, spacing)
    }

    public static func append(_ box: Widget, _ children: Widget...) {
        for c in children { gtk_box_append(cast(box), c) }
    }

    public static func label(_ text: String, xalign: Float = 0, css: String? = nil) -> Widget {
        let l = gtk_label_new(text)!
        gtk_label_set_xalign(opaque(l), xalign)
        if let css { gtk_widget_add_css_class(l, css) }
        return l
    }

    public static func setText(_ label: Widget, _ text: String) { gtk_label_set_text(opaque(label), text) }
    public static func setMarkup(_ label: Widget, _ markup: String) { gtk_label_set_markup(opaque(label), markup) }

    public static func button(
        _ text: String, tooltip: String? = nil, _ action: @escaping @MainActor () -> Void
    ) -> Widget {
        let b = gtk_button_new_with_label(text)!
        if let tooltip { gtk_widget_set_tooltip_text(b, tooltip) }
        // A click must not move the keyboard focus: Space and → stay with the window's shortcuts.
        gtk_widget_set_focus_on_click(b, 0)
        Signal.connect(gptr(b), "clicked", action)
        return b
    }

    public static func setLabel(_ button: Widget, _ text: String) { gtk_button_set_label(cast(button), text) }

    /// A button with a symbolic icon from the icon theme before its text: no font has to carry
    /// a ▶ or ⏸ glyph.
    public static func iconButton(_ icon: String, _ text: String) -> Widget {
        let b = gtk_button_new()!
        gtk_widget_set_focus_on_click(b, 0)
        setIconLabel(b, icon, text)
        return b
    }

    public static func setIconLabel(_ button: Widget, _ icon: String, _ text: String) {
        let box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6)!
        gtk_box_append(cast(box), gtk_image_new_from_icon_name(icon))
        gtk_box_append(cast(box), gtk_label_new(text))
        gtk_widget_set_halign(box, GTK_ALIGN_CENTER)
        gtk_button_set_child(cast(button), box)
    }

    public static func spin(
        _ min: Double, _ max: Double, step: Double, value: Double, digits: UInt32,
        _ changed: @escaping @MainActor (Double) -> Void
    ) -> Widget {
        let s = gtk_spin_button_new_with_range(min, max, step)!
        gtk_spin_button_set_digits(opaque(s), digits)
        gtk_spin_button_set_value(opaque(s), value)
        Signal.connect(gptr(s), "value-changed") { changed(gtk_spin_button_get_value(opaque(s))) }
        return s
    }

    public static func setSpin(_ s: Widget, _ v: Double) { gtk_spin_button_set_value(opaque(s), v) }

    public static func check(_ text: String, active: Bool, _ toggled: @escaping @MainActor (Bool) -> Void) -> Widget {
        let c = gtk_check_button_new_with_label(text)!
        gtk_check_button_set_active(cast(c), active ? 1 : 0)
        Signal.connect(gptr(c), "toggled") { toggled(gtk_check_button_get_active(cast(c)) != 0) }
        return c
    }

    public static func dropDown(
        _ items: [String], selected: Int, _ changed: @escaping @MainActor (Int) -> Void
    ) -> Widget {
        var cstrings: [UnsafeMutablePointer<CChar>?] = items.map { strdup($0) }
        cstrings.append(nil)
        let d = cstrings.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buf.count) {
                gtk_drop_down_new_from_strings($0)!
            }
        }
        for c in cstrings { free(c) }
        gtk_drop_down_set_selected(opaque(d), UInt32(selected))
        Signal.connect3(gptr(d), "notify::selected") { changed(Int(gtk_drop_down_get_selected(opaque(d)))) }
        return d
    }

    /// A row of linked toggle buttons of which one is active (GNOME's segmented choice): every
    /// option is visible and one click away, and each is its own accessible button.
    public static func segmented(_ items: [String]) -> (box: Widget, buttons: [Widget]) {
        let box = UI.box(false, spacing: 0)
        gtk_widget_add_css_class(box, "linked")
        var buttons: [Widget] = []
        for item in items {
            let b = gtk_toggle_button_new_with_label(item)!
            if let first = buttons.first { gtk_toggle_button_set_group(cast(b), cast(first)) }
            gtk_widget_set_hexpand(b, 1)
            gtk_widget_set_focus_on_click(b, 0)
            UI.accessible(b, item)
            UI.append(box, b)
            buttons.append(b)
        }
        return (box, buttons)
    }

    /// Activates one button of a segmented choice.
    public static func select(_ buttons: [Widget], _ index: Int) {
        guard buttons.indices.contains(index) else { return }
        gtk_toggle_button_set_active(cast(buttons[index]), 1)
    }

    /// Replaces a drop-down's items (a new string list model) and selects one.
    public static func setDropDownItems(_ d: Widget, _ items: [String], selected: Int) {
        let list = gtk_string_list_new(nil)!
        for item in items { gtk_string_list_append(list, item) }
        gtk_drop_down_set_model(opaque(d), list)
        g_object_unref(UnsafeMutableRawPointer(list))
        gtk_drop_down_set_selected(opaque(d), UInt32(max(0, selected)))
    }

    public static func entry(_ text: String, _ activate: @escaping @MainActor (String) -> Void) -> Widget {
        let e = gtk_entry_new()!
        gtk_editable_set_text(opaque(e), text)
        Signal.connect(gptr(e), "activate") { activate(String(cString: gtk_editable_get_text(opaque(e)))) }
        return e
    }

    public static func entryText(_ e: Widget) -> String { String(cString: gtk_editable_get_text(opaque(e))) }
    public static func setEntryText(_ e: Widget, _ s: String) { gtk_editable_set_text(opaque(e), s) }

    public static func scale(
        _ min: Double, _ max: Double, step: Double, value: Double, _ changed: @escaping @MainActor (Double) -> Void
    ) -> Widget {
        let s = gtk_scale_new_with_range(GTK_ORIENTATION_HORIZONTAL, min, max, step)!
        gtk_range_set_value(cast(s), value)
        Signal.connect(gptr(s), "value-changed") { changed(gtk_range_get_value(cast(s))) }
        return s
    }

    public static func drawingArea(
        width: Int32, height: Int32, _ draw: @escaping @MainActor (OpaquePointer, Int32, Int32) -> Void
    ) -> Widget {
        let a = gtk_drawing_area_new()!
        gtk_drawing_area_set_content_width(cast(a), width)
        gtk_drawing_area_set_content_height(cast(a), height)
        setDrawFunction(a, draw)
        return a
    }

    public static func redraw(_ w: Widget) { gtk_widget_queue_draw(w) }

    public static func margins(_ w: Widget, _ m: Int32) {
        gtk_widget_set_margin_start(w, m)
        gtk_widget_set_margin_end(w, m)
        gtk_widget_set_margin_top(w, m)
        gtk_widget_set_margin_bottom(w, m)
    }

    public static func expand(_ w: Widget, h: Bool = true, v: Bool = true) {
        gtk_widget_set_hexpand(w, h ? 1 : 0)
        gtk_widget_set_vexpand(w, v ? 1 : 0)
    }

    /// Adds an event controller (the widget takes ownership).
    public static func add(_ controller: OpaquePointer, to w: Widget) { gtk_widget_add_controller(w, controller) }

    public static func motion(
        _ w: Widget, move: @escaping @MainActor (Double, Double) -> Void, leave: @escaping @MainActor () -> Void
    ) {
        let c = gtk_event_controller_motion_new()!
        Signal.connectXY(gptr(c), "motion", move)
        Signal.connect(gptr(c), "leave", leave)
        add(c, to: w)
    }

    public static func click(_ w: Widget, _ pressed: @escaping @MainActor (Int32, Double, Double) -> Void) {
        let g = gtk_gesture_click_new()!
        Signal.connectClick(gptr(g), "pressed", pressed)
        add(g, to: w)
    }

    /// Drag: begin (x, y), update (dx, dy from the start), end (dx, dy).
    public static func drag(
        _ w: Widget, begin: @escaping @MainActor (Double, Double) -> Void,
        update: @escaping @MainActor (Double, Double) -> Void, end: @escaping @MainActor (Double, Double) -> Void
    ) {
        let g = gtk_gesture_drag_new()!
        Signal.connectXY(gptr(g), "drag-begin", begin)
        Signal.connectXY(gptr(g), "drag-update", update)
        Signal.connectXY(gptr(g), "drag-end", end)
        add(g, to: w)
    }

    public static func scroll(_ w: Widget, _ handler: @escaping @MainActor (Double, Double) -> Bool) {
        let c = gtk_event_controller_scroll_new(GTK_EVENT_CONTROLLER_SCROLL_VERTICAL)!
        Signal.connectScroll(gptr(c), handler)
        add(c, to: w)
    }
}

extension UI {
    /// Names a control for screen readers and for tests that find controls through AT-SPI.
    public static func accessible(_ w: Widget, _ label: String, description: String? = nil) {
        nnviz_accessible_set_label(w, label)
        if let description { nnviz_accessible_set_description(w, description) }
    }

    /// A handler that sees every wheel event inside `w` before its children do (capture phase);
    /// returning true keeps the event from them.
    public static func captureScroll(_ w: Widget, _ handler: @escaping @MainActor (Double, Double) -> Bool) {
        let c = gtk_event_controller_scroll_new(GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES)!
        gtk_event_controller_set_propagation_phase(c, GTK_PHASE_CAPTURE)
        Signal.connectScroll(gptr(c), handler)
        add(c, to: w)
    }

    /// Key presses inside `w` before the focused widget sees them (capture phase).
    public static func captureKeys(_ w: Widget, _ handler: @escaping @MainActor (UInt32, GdkModifierType) -> Bool) {
        let c = gtk_event_controller_key_new()!
        gtk_event_controller_set_propagation_phase(c, GTK_PHASE_CAPTURE)
        Signal.connectKey(gptr(c), handler)
        add(c, to: w)
    }

    /// Whether the keyboard focus of `window` is in a text field (an entry or a spin button).
    public static func isTyping(in window: Widget) -> Bool {
        guard let focus = gtk_window_get_focus(cast(window)) else { return false }
        let instance = UnsafeMutableRawPointer(focus).assumingMemoryBound(to: GTypeInstance.self)
        return g_type_check_instance_is_a(instance, gtk_editable_get_type()) != 0
            || g_type_check_instance_is_a(instance, gtk_text_get_type()) != 0
    }
}

extension Signal {
    /// GtkWindow "close-request" → true keeps the window open.
    @discardableResult
    public static func connectCloseRequest(_ object: gpointer, _ handler: @escaping @MainActor () -> Bool) -> UInt {
        let box = ClosureBox<@MainActor () -> Bool>(handler)
        let cb: @convention(c) (gpointer?, gpointer?) -> gboolean = { _, data in
            let b = Unmanaged<ClosureBox<@MainActor () -> Bool>>.fromOpaque(data!).takeUnretainedValue()
            return MainActor.assumeIsolated { b.f() } ? 1 : 0
        }
        return g_signal_connect_data(
            object, "close-request", unsafeBitCast(cb, to: GCallback.self), Unmanaged.passRetained(box).toOpaque(),
            { data, _ in if let data { Unmanaged<AnyObject>.fromOpaque(data).release() } }, GConnectFlags(0))
    }
}
