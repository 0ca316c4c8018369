import AppCore
import CGtk
import GtkKit

/// The window's side of the 1-D view: the slice window opens when a line has two points and
/// follows the network while it trains; the map shows the line.
extension MainWindow {
    func updateLine(_ change: ChangeSet) {
        if change.contains(.line) {
            UI.redraw(map.widget)
            if core.lineEnds.count == 2 {
                if sliceWindow == nil { sliceWindow = SliceWindow(core: core, parent: window) }
                sliceWindow?.present()
            } else if core.lineEnds.isEmpty, let sliceWindow {
                gtk_widget_set_visible(sliceWindow.window, 0)
            }
        } else if let sliceWindow, sliceWindow.isVisible {
            sliceWindow.refresh()
        }
    }
}
