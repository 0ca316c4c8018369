import ArgumentParser
import Foundation
import NeuralNet
import Regions

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks.",
        subcommands: [BenchRegions.self, BenchCancel.self]
    )
}

/// Each configuration runs in a fresh child process so that its peak memory is its own.
struct BenchRegions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions",
        abstract: "Time the region engine on PyTorch-initialised networks (widths × depths on [-1,1]², ReLU)."
    )

    @Option(help: "Widths to run.") var widths: String = "8,16,32,64,128,256"
    @Option(help: "Depths to run.") var depths: String = "1,2,3,4"
    @Option(help: "Seed of the random weights.") var seed: UInt64 = 0
    @Option(help: "Runs per configuration (the fastest is reported).") var repeats: Int = 1
    @Option(help: "Threads for the layer products and the finishing stage.") var threads: Int = 0

    func run() throws {
        let ws = try CLI.parseWidths(widths)
        let ds = try CLI.parseWidths(depths)
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        print("width depth   regions    seconds     regions/s    peak MB")
        for d in ds {
            for w in ws {
                var best: [String: Any]? = nil
                for _ in 0..<max(1, repeats) {
                    var args = [
                        "regions", "--random", Array(repeating: String(w), count: d).joined(separator: ","),
                        "--seed", String(seed), "--json",
                    ]
                    if threads > 0 { args += ["--threads", String(threads)] }
                    let result = try runChild(exe, args)
                    if best == nil || (result["seconds"] as! Double) < (best!["seconds"] as! Double) { best = result }
                }
                let r = best!
                let faces = r["regions"] as! Int
                let secs = r["seconds"] as! Double
                let peak = r["peak_memory_bytes"] as! Int
                print(
                    String(
                        format: "%5d %5d %9d %10.4f %13.0f %10.1f", w, d, faces, secs, Double(faces) / secs,
                        Double(peak) / 1_048_576))
            }
        }
    }

    private func runChild(_ exe: URL, _ args: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = exe
        process.arguments = args
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let last = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let obj = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        else {
            throw CLIError("benchmark child failed: nnviz \(args.joined(separator: " "))")
        }
        return obj
    }
}

/// How quickly a running partition stops after its cancellation token is raised (the window
/// raises it when a newer request arrives).
struct BenchCancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Time from cancel() to the computation returning, at several points of a 256×4 partition."
    )

    @Option(help: "Hidden widths of the network.") var widths: String = "256,256,256,256"

    func run() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: try CLI.parseWidths(widths), activation: .relu, seed: 0)
        var latencies: [Double] = []
        for delay in [20, 60, 150, 300, 600, 900] {
            let token = CancellationToken()
            let finished = DispatchSemaphore(value: 0)
            let box = LatencyBox()
            Thread {
                _ = try? Partition.compute(mlp, domain: .unitSquare, cancel: token)
                box.end = ContinuousClock.now
                finished.signal()
            }.start()
            Thread.sleep(forTimeInterval: Double(delay) / 1000)
            let cancelled = ContinuousClock.now
            token.cancel()
            finished.wait()
            let ms =
                Double((box.end! - cancelled).components.attoseconds) * 1e-15 + Double(
                    (box.end! - cancelled).components.seconds) * 1000
            latencies.append(ms)
            print(String(format: "cancel after %4d ms: stopped %.2f ms later", delay, ms))
        }
        print(String(format: "worst %.2f ms over %d cancellations", latencies.max() ?? 0, latencies.count))
    }
}

private final class LatencyBox: @unchecked Sendable {
    var end: ContinuousClock.Instant?
}
