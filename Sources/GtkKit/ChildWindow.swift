import CGtk

/// How a window opened from another one behaves.
public enum ChildWindow: Sendable {
    /// A view the user keeps beside the main window and reopens: resizable, hidden (not destroyed)
    /// when closed, gone with its parent.
    case panel
    /// A question that needs an answer before the parent can be used again: modal, fixed size.
    case dialog
    /// A report of work in progress: fixed size, the parent stays usable.
    case status
}

extension UI {
    /// A new top-level window over `parent`; `height` −1 lets the content choose it.
    public static func childWindow(
        _ title: String, of parent: Widget, _ kind: ChildWindow, width: Int32, height: Int32 = -1
    ) -> Widget {
        let window = gtk_window_new()!
        gtk_window_set_title(cast(window), title)
        gtk_window_set_transient_for(cast(window), cast(parent))
        gtk_window_set_default_size(cast(window), width, height)
        switch kind {
        case .panel:
            gtk_window_set_hide_on_close(cast(window), 1)
            gtk_window_set_destroy_with_parent(cast(window), 1)
        case .dialog:
            gtk_window_set_modal(cast(window), 1)
            gtk_window_set_resizable(cast(window), 0)
        case .status:
            gtk_window_set_resizable(cast(window), 0)
        }
        return window
    }
}
