import AppCore
import ArgumentParser
import Foundation

@main
struct NNViz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnviz",
        abstract: "See exactly how a ReLU network carves the plane into linear regions.",
        version: AppVersion.current,
        subcommands: [TrainCommand.self, GUICommand.self, RegionsCommand.self, BenchCommand.self],
        defaultSubcommand: TrainCommand.self
    )

    /// Parses and runs; usage errors exit with 2 (the Unix convention, not ArgumentParser's 64),
    /// other failures with 1, each as one line on stderr.
    static func main() {
        let args = ArgumentNormaliser.normalise(Array(CommandLine.arguments.dropFirst()))
        if args.isEmpty {  // plain `nnviz` opens the window
            GUICommand.main(["gui"].dropFirst().map { $0 })
            return
        }
        do {
            var command = try parseAsRoot(args)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data("Error: \(message(for: error)) (see nnviz --help)\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Lets people type negative numbers as option values (`--bounds -2 1 -1 1`, `--lr -1`), which
/// swift-argument-parser would otherwise read as option names.
enum ArgumentNormaliser {
    /// Options that take a rectangle: four numbers become one comma-separated value.
    static let rectangleOptions: Set<String> = ["--bounds"]

    static func normalise(_ args: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if rectangleOptions.contains(a), i + 4 < args.count,
                args[(i + 1)...(i + 4)].allSatisfy({ Double($0) != nil })
            {
                out.append("\(a)=\(args[(i + 1)...(i + 4)].joined(separator: ","))")
                i += 5
                continue
            }
            if a.hasPrefix("--"), !a.contains("="), i + 1 < args.count, args[i + 1].hasPrefix("-"),
                isNumberList(args[i + 1])
            {
                out.append("\(a)=\(args[i + 1])")
                i += 2
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }

    /// "-1", "-0.3,0.3": numbers, not option names.
    static func isNumberList(_ s: String) -> Bool {
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { Double($0) != nil }
    }
}
