import AppCore
import CGtk
import GtkKit

/// Asks the core's pending question in a small modal window: Cancel, or the action's own
/// destructive button. Esc and closing the window cancel.
@MainActor
final class ConfirmationDialog {
    private let window: Widget
    private var answered = false

    init(_ c: Confirmation, parent: Widget, answer: @escaping @MainActor (Bool) -> Void) {
        window = UI.childWindow(c.title, of: parent, .dialog, width: 420)
        let box = UI.box(true, spacing: 12)
        UI.margins(box, 18)
        let title = UI.label(c.title, css: "title-4")
        let detail = UI.label(c.detail)
        gtk_label_set_wrap(opaque(detail), 1)
        gtk_label_set_max_width_chars(opaque(detail), 52)
        let buttons = UI.box(false, spacing: 8)
        gtk_widget_set_halign(buttons, GTK_ALIGN_END)
        let finish: @MainActor (Bool) -> Void = { [unowned self] yes in
            guard !self.answered else { return }
            self.answered = true
            gtk_window_destroy(cast(self.window))
            answer(yes)
        }
        let cancel = UI.button("Cancel") { finish(false) }
        let go = UI.button(c.confirmLabel) { finish(true) }
        gtk_widget_add_css_class(go, "destructive-action")
        UI.accessible(cancel, "Cancel")
        UI.accessible(go, c.confirmLabel)
        UI.append(buttons, cancel, go)
        UI.append(box, title, detail, buttons)
        gtk_window_set_child(cast(window), box)
        UI.captureKeys(window) { keyval, _ in
            guard Int32(keyval) == GDK_KEY_Escape else { return false }
            finish(false)
            return true
        }
        Signal.connectCloseRequest(gptr(window)) {
            finish(false)
            return false
        }
        gtk_window_set_default_widget(cast(window), cancel)
        gtk_window_present(cast(window))
        gtk_widget_grab_focus(cancel)
    }

    /// Closes the dialog without an answer (the question went away).
    func dismiss() {
        guard !answered else { return }
        answered = true
        gtk_window_destroy(cast(window))
    }
}
