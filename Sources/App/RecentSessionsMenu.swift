import AppCore
import CGtk
import Foundation
import GtkKit

/// The main menu's "Recent Sessions" section: the newest sessions from the desktop's recent
/// list (GtkRecentManager, shared with the file chooser and GNOME's search), rebuilt whenever
/// that list changes — also when another nnviz window saves one. Absent while there are none.
@MainActor
final class RecentSessionsMenu {
    private let menu: OpaquePointer
    private let section = g_menu_new()!
    private let position: Int32
    private(set) var recent = RecentSessions([])

    /// Inserts the section into `menu` at `position` and registers its actions on `app`;
    /// choosing an entry calls `open` with its path.
    init(
        in menu: OpaquePointer, at position: Int32, app: UnsafeMutablePointer<GtkApplication>,
        open: @escaping @MainActor (String) -> Void
    ) {
        self.menu = menu
        self.position = position
        for i in 0..<RecentSessions.limit {
            let a = g_simple_action_new(Self.actionName(i), nil)!
            Signal.connect3(gptr(a), "activate") { [weak self] in
                guard let self, i < self.recent.items.count else { return }
                open(self.recent.items[i].path)
            }
            g_action_map_add_action(OpaquePointer(app), a)
        }
        // The recent manager outlives any window: a closed window's menu just stops listening.
        Signal.connect(gptr(gtk_recent_manager_get_default()), "changed") { [weak self] in self?.refresh() }
        refresh()
    }

    /// Puts a session at the top of the desktop's recent list (the section follows on "changed").
    static func remember(_ path: String) {
        guard let uri = g_filename_to_uri(path, nil, nil) else { return }
        gtk_recent_manager_add_item(gtk_recent_manager_get_default(), uri)
        g_free(uri)
    }

    func refresh() {
        let latest = RecentSessions(Self.desktopRecentFiles())
        // The list changes for every document any app touches: an open menu is rebuilt only
        // when its own lines change.
        guard latest != recent else { return }
        // The section is in the menu exactly while it has lines.
        let shown = !recent.items.isEmpty
        recent = latest
        g_menu_remove_all(section)
        for (i, item) in recent.items.enumerated() {
            // Popover menus read "_" as a mnemonic mark; a file name's own underscores are doubled.
            let label = item.label.replacingOccurrences(of: "_", with: "__")
            g_menu_append(section, label, "app.\(Self.actionName(i))")
        }
        let wanted = !recent.items.isEmpty
        if wanted && !shown {
            g_menu_insert_section(menu, position, "Recent Sessions", cast(section))
        } else if !wanted && shown {
            g_menu_remove(menu, position)
        }
    }

    private static func actionName(_ i: Int) -> String { "recent-session-\(i)" }

    /// Local files of the desktop's recent list with their modification times.
    private static func desktopRecentFiles() -> [(path: String, modified: Double)] {
        var out: [(path: String, modified: Double)] = []
        let list = gtk_recent_manager_get_items(gtk_recent_manager_get_default())
        var node = list
        while let n = node {
            let info = OpaquePointer(n.pointee.data)
            if gtk_recent_info_is_local(info) != 0, let uri = gtk_recent_info_get_uri(info),
                let file = g_filename_from_uri(uri, nil, nil)
            {
                let modified = gtk_recent_info_get_modified(info).map { Double(g_date_time_to_unix($0)) } ?? 0
                out.append((String(cString: file), modified))
                g_free(file)
            }
            gtk_recent_info_unref(info)
            node = n.pointee.next
        }
        g_list_free(list)
        return out
    }
}
