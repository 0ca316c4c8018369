import AppCore
import CGtk
import Drawing
import GtkKit

/// The window's side of a many-input model: it asks for the points file, shows the plane picker
/// and a header button that brings the picker back.
extension MainWindow {
    func buildPlaneButton(_ header: Widget) {
        let button = UI.button("Plane…", tooltip: "Choose the three data points the plane passes through") {
            [unowned self] in self.planePicker.present()
        }
        UI.accessible(button, "Choose plane")
        gtk_widget_set_focus_on_click(button, 0)
        gtk_widget_set_visible(button, 0)
        gtk_header_bar_pack_start(opaque(header), button)
        planeButton = button
    }

    var planePicker: PlanePicker {
        if let picker { return picker }
        let made = PlanePicker(core: core, parent: window)
        picker = made
        return made
    }

    func updatePlane(_ change: ChangeSet) {
        // A refused anchor is a message: the picker's spin buttons spring back to the plane kept.
        guard change.contains(.plane) || (core.planeRequest != nil && core.message != nil) else {
            picker?.refresh()
            return
        }
        if let button = planeButton { gtk_widget_set_visible(button, core.plane != nil ? 1 : 0) }
        // A model waiting for points asks for them, again after a file that could not be used.
        if core.planeRequest != nil {
            // After the current intent: `nnviz gui MODEL --points DATA` gives the points at once.
            runOnMain { [weak self] in
                guard let self, self.core.planeRequest != nil else { return }
                self.planePicker.askForPoints()
            }
            return
        }
        guard let plane = core.plane else {
            if let picker { gtk_widget_set_visible(picker.window, 0) }
            return
        }
        // A new points file opens the picker; a new anchor only refreshes it.
        if picker?.shownPath != plane.pointsPath { planePicker.present() } else { picker?.refresh() }
    }
}
