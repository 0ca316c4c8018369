import Foundation

/// The sample image the window opens with, shipped as a SwiftPM resource: found next to the
/// binary wherever it runs (and in an install prefix's share folder), never relative to the
/// working or build folder.
public enum BundledSample {
    public static let fileName = "spirals128.png"

    public static var path: String? {
        var candidates: [URL] = []
        if let d = ProcessInfo.processInfo.environment["NNVIZ_DATA"] { candidates.append(URL(fileURLWithPath: d)) }
        if let resources = Bundle.module.resourceURL { candidates.append(resources.appendingPathComponent("Samples")) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(exe.appendingPathComponent("../share/nnviz/samples"))
        return candidates.map { $0.appendingPathComponent(fileName).standardized.path }
            .first { FileManager.default.fileExists(atPath: $0) }
    }
}
