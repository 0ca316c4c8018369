import Foundation

/// The sessions the main menu offers to reopen: the newest few `.nnviz` files the desktop's
/// recent list remembers that still exist, each named by its file name (and its folder when two
/// share a name, so the menu never shows two identical lines).
public struct RecentSessions: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        public let path: String
        public let label: String
    }

    public static let limit = 5
    public let items: [Item]

    /// `files` as the recent list gives them (path and modification time, any order, possibly
    /// repeated and of any type).
    public init(
        _ files: [(path: String, modified: Double)],
        exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) {
        var newest: [String: Double] = [:]
        for f in files where f.path.lowercased().hasSuffix("." + SessionFile.fileExtension) {
            newest[f.path] = max(newest[f.path] ?? -.infinity, f.modified)
        }
        // Lazily: a file is looked up only until `limit` of them are found to exist.
        let chosen = Array(
            newest.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .lazy.map(\.key).filter(exists).prefix(Self.limit))
        let names = chosen.map { URL(fileURLWithPath: $0).lastPathComponent }
        items = zip(chosen, names).map { path, name in
            guard names.filter({ $0 == name }).count > 1 else { return Item(path: path, label: name) }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
            return Item(path: path, label: "\(name) — \(folder)")
        }
    }
}
