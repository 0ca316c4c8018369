import ArgumentParser
import Drawing
import NeuralNet
import Regions

/// `--color` of `nnviz regions`: how the figure colours regions.
enum FigureColoring: String, CaseIterable, ExpressibleByArgument {
    case pattern, slope, logit, output, classes, margin, reconstruction

    /// The colouring for a partition of a network trained for `task`; `output` is the index
    /// `--color output` shows. Throws a one-line reason when the task has nothing to show.
    func mode(for p: Partition, task: LearningTask, output: Int) throws -> RegionColorMode {
        switch self {
        case .pattern: return .pattern
        case .slope: return .slope(for: p)
        case .logit: return .logit(for: p)
        case .output:
            guard output < p.outputCount else {
                throw CLIError("--output \(output): the network has \(p.outputCount) output(s), numbered from 0")
            }
            return .output(output, for: p)
        case .margin: return .margin(for: p)
        case .classes:
            guard task.kind != .regression else {
                throw CLIError("--color classes needs a binary or classes model; this one is \(task)")
            }
            let colors = task.classColors
            return .classTint(colors.isEmpty ? ClassColor.defaultPalette(count: max(2, p.outputCount)) : colors)
        case .reconstruction:
            guard task.kind == .regression else {
                throw CLIError("--color reconstruction needs a regression model; this one is \(task)")
            }
            return .reconstruction
        }
    }
}
