import Foundation
import NeuralNet

/// Settings intents. Each keeps every control consistent (width, depth and the per-layer list
/// describe the same widths), applies at once what can apply to a running session, and leaves
/// the rest pending for Reset, which `pendingChanges` reports.
extension AppCore {
    public func setHiddenWidths(_ widths: [Int]) {
        guard !widths.isEmpty, widths.count <= TrainingSettings.depthRange.upperBound,
            widths.allSatisfy(TrainingSettings.widthRange.contains)
        else {
            return showMessage(
                "Hidden layers: give 1 to \(TrainingSettings.depthRange.upperBound) widths between 1 and \(TrainingSettings.widthRange.upperBound)."
            )
        }
        update { $0.widths = widths }
    }

    /// Parses what a person typed into the per-layer field ("32,32,16").
    public func setHiddenWidths(text: String) {
        switch TrainingSettings.parseWidths(text) {
        case .success(let w): setHiddenWidths(w)
        case .failure(let e):
            showMessage(e.description)
            announce(.settings)  // the field shows the widths that stand
        }
    }

    /// The same width for every hidden layer.
    public func setWidth(_ width: Int) {
        setHiddenWidths(Array(repeating: width, count: settings.widths.count))
    }

    /// More or fewer hidden layers; new layers repeat the last width.
    public func setDepth(_ depth: Int) {
        guard TrainingSettings.depthRange.contains(depth) else { return }
        var w = Array(settings.widths.prefix(depth))
        while w.count < depth { w.append(w.last ?? 16) }
        setHiddenWidths(w)
    }

    public func setReLU(_ relu: Bool) { update { $0.useReLU = relu } }

    public func setNegativeSlope(_ slope: Double) {
        guard slope.isFinite, slope >= 0, slope < 1 else { return }
        update { $0.negativeSlope = slope }
    }

    /// Applies to the running session from its next batch.
    public func setLearningRate(_ lr: Double) {
        guard lr.isFinite, lr > 0 else { return }
        update { $0.learningRate = lr }
        session?.setLearningRate(lr)
    }

    /// Applies to the running session from its next batch.
    public func setWeightDecay(_ decay: Double) {
        guard decay.isFinite, decay >= 0 else { return }
        update { $0.weightDecay = decay }
        session?.setWeightDecay(decay)
    }

    public func setBatchSize(_ n: Int) {
        guard n >= 1 else { return }
        update { $0.batchSize = n }
    }

    public func setThreshold(_ t: Double) {
        guard t.isFinite, t >= 0, t <= 1 else { return }
        update { $0.threshold = t }
    }

    public func setInvert(_ invert: Bool) { update { $0.invert = invert } }

    public func setSeed(_ seed: UInt64) { update { $0.seed = seed } }

    /// Holds out a share of the pixels (0…0.5) to score what the network never trained on; the
    /// split is part of the run, so it waits for Reset.
    public func setTestShare(_ share: Double) {
        guard share.isFinite, share >= 0, share <= 0.5 else { return }
        update { $0.testShare = share }
    }

    /// Binary, classes or regression; like the shape it waits for Reset.
    public func setTask(_ kind: TaskKind) { update { $0.task.kind = kind } }

    /// K for the classes task (2…12).
    public func setClassCount(_ k: Int) {
        guard LearningTask.classRange.contains(k) else { return }
        update { $0.task.classes = k }
    }

    /// 1 (grey) or 3 (RGB) for the regression task.
    public func setChannels(_ channels: Int) {
        guard channels == 1 || channels == 3 else { return }
        update { $0.task.channels = channels }
    }

    /// Applies at once: a run stopped by the old limit goes on to the new one on Play.
    public func setEpochLimit(_ n: Int) {
        guard n >= 1 else { return }
        update { $0.epochLimit = n }
        session?.setEpochLimit(n)
    }

    private func update(_ change: (inout TrainingSettings) -> Void) {
        modify(\.settings, announcing: .settings, change)
    }
}
