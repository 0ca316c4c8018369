import Foundation

/// The sample image the window opens with: found next to the binary wherever it runs — in the
/// build folder (SwiftPM copies the core's Samples there) or in an install prefix's share folder
/// (scripts/install, the .deb) — never relative to the working folder.
public enum BundledSample {
    public static let fileName = "spirals128.png"

    /// The folders searched, in order. SwiftPM's generated `Bundle.module` is not used: it stops
    /// the program with a fatal error when the resource bundle is missing, as it is in an install,
    /// and it falls back to the absolute build path of the machine that built the binary.
    public static var searchFolders: [URL] {
        var folders: [URL] = []
        if let d = ProcessInfo.processInfo.environment["NNVIZ_DATA"], !d.isEmpty {
            folders.append(URL(fileURLWithPath: d))
        }
        let exeFolder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        folders.append(exeFolder.appendingPathComponent("nnviz_AppCore.resources/Samples"))
        folders.append(exeFolder.appendingPathComponent("../share/nnviz/samples"))
        return folders
    }

    public static var path: String? {
        searchFolders.map { $0.appendingPathComponent(fileName).standardized.path }
            .first { FileManager.default.fileExists(atPath: $0) }
    }
}
