import ArgumentParser
import Drawing
import Foundation
import NeuralNet
import Regions

/// `nnviz regions --model M --points DATA --through I,J`: the line form of `--through`.
extension RegionsCommand {
    /// Two rows in `--through` ask for a line rather than a plane.
    var isLine: Bool { through.map { $0.split(separator: ",", omittingEmptySubsequences: false).count == 2 } ?? false }

    func validateLine() throws {
        if let bounds, Self.interval(bounds) == nil {
            throw ValidationError("--bounds of a line takes two numbers: T0 T1 (τ along A + τ (B − A))")
        }
        for (option, given) in [("--save-model", saveModel != nil), ("--color", color != nil)] where given {
            throw ValidationError("\(option) applies to a plane, not to a line (--through I,J)")
        }
    }

    static func interval(_ text: String) -> (Double, Double)? {
        let v = text.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Double($0) }
        return v.count == 2 ? (v[0], v[1]) : nil
    }

    func runLine() throws {
        guard let model, let points, let through else { return }
        let start = ContinuousClock.now
        var network: GeneralNetwork
        let task: LearningTask
        let arguments: LineArguments
        let line: LineSlice
        do {
            let order = layers.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let file = try NetworkFile(contentsOf: URL(fileURLWithPath: model), layerOrder: order)
            network = file.network
            task = file.task
            network.activation = try Activation(
                cliName: activation, slope: negativeSlope, fallback: network.activation)
            guard let rows = try LineArguments.rows(through) else { return }
            arguments = try LineArguments(points: points, rows: rows)
            let (t0, t1) = bounds.flatMap(Self.interval) ?? LineSlice.defaultRange
            line = try LineSlice(network, from: arguments.start, to: arguments.end, tau0: t0, tau1: t1)
        } catch let e as ModelError {
            throw CLIError("\(model): \(e)")
        }
        let output = LineSliceOutput(
            line: line, arguments: arguments, task: task, network: network, source: model,
            seconds: CLI.seconds(since: start))
        do {
            if let export { try output.writeJSON(to: export) }
            for (path, format) in [(png, FigureFormat.png), (svg, .svg), (pdf, .pdf)] {
                if let path { try output.writeFigure(to: path, format: format) }
            }
        } catch let e as CLIError {
            throw e
        } catch {
            throw CLIError("\(error)")
        }
        let error = verify ? maxRelativeError(line, network) : nil
        if json {
            var object = output.json
            object["max_relative_output_error"] = error as Any? ?? NSNull()
            print(CLI.jsonLine(object))
        } else {
            output.printSummary()
            if let error {
                print(
                    "verified   max output error \(String(format: "%.2g", error)) (relative) at every piece's midpoint")
            }
            if let export { print("exported   \(export)") }
        }
        if let error, error > 1e-9 { throw ExitCode(3) }
    }

    /// The largest difference between a piece's formula and a forward pass at its midpoint, relative to the output's size.
    private func maxRelativeError(_ line: LineSlice, _ network: GeneralNetwork) -> Double {
        var worst = 0.0
        for p in line.pieces {
            let direct = network.outputs(line.point(at: p.midpoint))
            for (x, y) in zip(p.outputs(at: p.midpoint), direct) { worst = max(worst, abs(x - y) / max(1, abs(y))) }
        }
        return worst
    }
}
