import Drawing
import Foundation
import NeuralNet
import Regions

/// What `nnviz regions --through I,J` writes: the exact slice of a network along the line
/// through two data points, as a summary, a figure and JSON.
struct LineSliceOutput {
    let line: LineSlice
    let arguments: LineArguments
    let task: LearningTask
    let network: GeneralNetwork
    let source: String
    let seconds: Double

    var architecture: String {
        ([String(network.inputCount)] + network.hiddenWidths.map(String.init) + [String(network.outputCount)])
            .joined(separator: " → ")
    }

    var figureContent: SliceRenderer.Content {
        SliceRenderer.Content(
            line: line, task: task,
            title: "Exact outputs along a line — \(line.pieces.count) pieces, \(line.breakpoints.count) kinks",
            subtitle:
                "\(URL(fileURLWithPath: source).lastPathComponent) · \(architecture), \(network.activation) · \(task) · line through \(arguments.anchorNames.joined(separator: " and "))",
            anchorNames: arguments.anchorNames)
    }

    /// Everything a script needs to redraw or check the slice: the line, each breakpoint and on
    /// every piece each output's slope and intercept in τ.
    var json: [String: Any] {
        [
            "line": [
                "points": arguments.pointsPath, "rows": arguments.rows, "a": line.start, "b": line.end,
                "labels": arguments.labels as Any? ?? NSNull(), "anchor_names": arguments.anchorNames,
            ] as [String: Any],
            "tau_range": [line.tau0, line.tau1],
            "breakpoints": line.breakpoints,
            "kinks": line.breakpoints.count,
            "pieces": line.pieces.map { p in
                [
                    "tau": [p.tau0, p.tau1], "slopes": p.slopes, "intercepts": p.intercepts,
                    "pattern": p.pattern.map { $0.map { $0 ? 1 : 0 } },
                ] as [String: Any]
            },
            "winner_runs": line.winnerRuns.map { ["tau": [$0.tau0, $0.tau1], "winner": $0.winner] as [String: Any] },
            "task": task.kind.rawValue,
            "outputs": network.outputCount,
            "inputs": network.inputCount,
            "hidden_widths": network.hiddenWidths,
            "activation": network.activation.name,
            "negative_slope": network.activation.negativeSlope,
            "seconds": seconds,
        ]
    }

    func printSummary() {
        func g(_ v: Double) -> String { String(format: "%.4g", v) }
        print("model      \(source)")
        print("network    \(architecture), \(network.activation), \(task)")
        print(
            "line       through \(arguments.anchorNames.joined(separator: " and ")) of \(arguments.pointsPath); τ from \(g(line.tau0)) to \(g(line.tau1)) (A at τ = 0, B at τ = 1)"
        )
        print(
            "kinks      \(line.breakpoints.count) (where a hidden neuron crosses zero), \(line.pieces.count) affine pieces"
        )
        let runs = line.winnerRuns
        print(
            "winner     \(runs.count) stretch\(runs.count == 1 ? "" : "es"): \(runs.prefix(12).map { "\($0.winner) to \(g($0.tau1))" }.joined(separator: ", "))\(runs.count > 12 ? ", …" : "")"
        )
        print("time       \(CLI.formatSeconds(seconds))")
    }

    func writeJSON(to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    func writeFigure(to path: String, format: FigureFormat) throws {
        try Figure.write(
            to: URL(fileURLWithPath: path), format: format, width: SliceRenderer.width, height: SliceRenderer.height,
            scale: format == .png ? 1.5 : 1
        ) { SliceRenderer.draw($0, figureContent) }
    }
}
