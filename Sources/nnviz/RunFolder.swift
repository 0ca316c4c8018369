import Foundation

/// The output folder of a run. Everything is written into a hidden staging folder beside it and
/// renamed into place at the end, so a failed or interrupted run never leaves a partial folder,
/// and an existing non-empty folder is replaced only with --force.
struct RunFolder {
    let final: URL
    let staging: URL

    static func prepare(saveDir: String?, imagePath: String, force: Bool) throws -> RunFolder {
        let fm = FileManager.default
        let final: URL
        if let saveDir {
            final = URL(fileURLWithPath: saveDir)
        } else {
            let f = DateFormatter()
            f.dateFormat = "yyyyMMdd-HHmmss"
            f.locale = Locale(identifier: "en_US_POSIX")
            let stem = URL(fileURLWithPath: imagePath).deletingPathExtension().lastPathComponent
            final = URL(fileURLWithPath: "runs").appendingPathComponent("\(f.string(from: Date()))_\(stem)")
        }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: final.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw CLIError("\(final.path) exists and is not a folder") }
            let contents = (try? fm.contentsOfDirectory(atPath: final.path)) ?? []
            if !contents.isEmpty && !force {
                throw CLIError("\(final.path) exists and is not empty; use --force to replace it")
            }
        }
        let parent = final.deletingLastPathComponent()
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create \(parent.path): \(error.localizedDescription)")
        }
        let staging = parent.appendingPathComponent(".\(final.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw CLIError("cannot create the output folder in \(parent.path): \(error.localizedDescription)")
        }
        return RunFolder(final: final, staging: staging)
    }

    func file(_ name: String) -> URL { staging.appendingPathComponent(name) }

    /// Moves the finished folder into place (replacing an old one only when allowed earlier).
    func commit() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: final.path) {
            let old = final.deletingLastPathComponent().appendingPathComponent(
                ".\(final.lastPathComponent).old-\(getpid())")
            try fm.moveItem(at: final, to: old)
            try? fm.removeItem(at: old)
        }
        guard rename(staging.path, final.path) == 0 else {
            throw CLIError("cannot move the run into \(final.path): \(String(cString: strerror(errno)))")
        }
    }

    func discard() { try? FileManager.default.removeItem(at: staging) }
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
final class ProgressBar {
    private let total: Int
    private let enabled = isatty(2) != 0
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now - .seconds(1)

    init(total: Int) { self.total = total }

    func update(epoch: Int, loss: Double, accuracy: Double) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - lastDraw >= .milliseconds(80) || epoch == total else { return }
        lastDraw = now
        let frac = total > 0 ? Double(epoch) / Double(total) : 1
        let filled = Int(frac * 28)
        let elapsed = CLI.seconds(since: start)
        let eta = frac > 0 ? elapsed * (1 - frac) / frac : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 28 - filled)
        let line = String(
            format: "\r  epoch %d/%d %@ loss %.4f  acc %.1f%%  ETA %@ ", epoch, total, bar, loss, accuracy * 100,
            eta < 60
                ? String(format: "%.0fs", eta)
                : String(format: "%.0fm%02.0fs", (eta / 60).rounded(.down), eta.truncatingRemainder(dividingBy: 60)))
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
