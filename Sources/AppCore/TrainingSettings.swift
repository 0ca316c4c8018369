import Foundation
import NeuralNet

/// The hyper-parameters the window edits. The network's shape, its initialisation and the
/// dataset's labels need a rebuild (Reset); the learning rate, weight decay and epoch limit apply
/// to the running session at once.
public struct TrainingSettings: Equatable, Sendable {
    public var widths = [16, 16, 16]
    /// ReLU, or LeakyReLU with `negativeSlope` (kept while ReLU is chosen, for switching back).
    public var useReLU = false
    public var negativeSlope = 0.02
    public var learningRate = 0.01
    public var weightDecay = 1e-4
    public var batchSize = 8192
    public var threshold = 0.5
    public var invert = false
    public var seed: UInt64 = 0
    public var epochLimit = TrainingSettings.baseEpochLimit
    /// The share of pixels held out and scored after every epoch (0 to 0.5; 0 none).
    public var testShare = 0.0
    /// What the network learns from the image: binary dark pixels, K colour classes, or the
    /// image itself (grey or RGB) as a regression.
    public var task = TaskChoice()

    public init() {}

    public var activation: Activation {
        get { useReLU ? .relu : .leakyReLU(negativeSlope) }
        set {
            useReLU = newValue.isReLU
            if !newValue.isReLU { negativeSlope = newValue.negativeSlope }
        }
    }

    /// The epoch limit before an image is open.
    public static let baseEpochLimit = 1500

    /// The epoch limit a run starts with: at least the batches the command line trains by default
    /// (`TrainingConfig.minimumSteps`: a regression needs more than classes), so a small image,
    /// one batch an epoch, is not stopped half-trained.
    public static func defaultEpochLimit(for task: TaskKind, samples: Int, batchSize: Int) -> Int {
        let batches = max(1, (samples + batchSize - 1) / max(1, batchSize))
        return max(baseEpochLimit, (TrainingConfig.minimumSteps(for: task) + batches - 1) / batches)
    }

    public static let widthRange = 1...512
    public static let depthRange = 1...12

    /// The width shared by every hidden layer, or nil when they differ.
    public var uniformWidth: Int? { Set(widths).count == 1 ? widths[0] : nil }

    /// "16×16×16 LeakyReLU (0.02)".
    public var shapeDescription: String {
        let act = activation.isReLU ? "ReLU" : "LeakyReLU (\(Self.number(activation.negativeSlope)))"
        return widths.map(String.init).joined(separator: "×") + " " + act
    }

    /// "binary (dark pixels)", "4 colour classes", "RGB regression".
    public static func describe(_ t: TaskChoice) -> String {
        switch t.kind {
        case .binary: return "binary (dark pixels)"
        case .classes: return "\(t.classes) colour classes"
        case .regression: return t.channels == 3 ? "RGB regression" : "grey regression"
        }
    }

    /// Whether two choices ask for the same task: K counts only for classes, channels only for a
    /// regression.
    public static func sameTask(_ a: TaskChoice, _ b: TaskChoice) -> Bool {
        a.kind == b.kind && (a.kind != .classes || a.classes == b.classes)
            && (a.kind != .regression || a.channels == b.channels)
    }

    /// The threshold and inversion decide labels only for the binary task.
    public var usesThreshold: Bool { task.kind == .binary }

    /// What differs from `built` and waits for a rebuild, as short phrases ("widths 32×32",
    /// "seed 3"). Live settings never appear here.
    public func pendingChanges(from built: TrainingSettings) -> [String] {
        var out: [String] = []
        if !Self.sameTask(task, built.task) { out.append("task: \(Self.describe(task))") }
        if widths != built.widths { out.append("hidden layers \(widths.map(String.init).joined(separator: "×"))") }
        if activation != built.activation {
            out.append(activation.isReLU ? "ReLU" : "LeakyReLU (\(Self.number(activation.negativeSlope)))")
        }
        if batchSize != built.batchSize { out.append("batch size \(batchSize)") }
        if usesThreshold && threshold != built.threshold { out.append("threshold \(Self.number(threshold))") }
        if usesThreshold && invert != built.invert { out.append(invert ? "inverted labels" : "labels not inverted") }
        if seed != built.seed { out.append("seed \(seed)") }
        if testShare != built.testShare {
            out.append(testShare == 0 ? "no held-out pixels" : "\(Int((testShare * 100).rounded())) % held out")
        }
        return out
    }

    /// Checks a list of widths a person typed; the message says what is allowed.
    public static func parseWidths(_ text: String) -> Result<[Int], SettingsError> {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == "×" || $0 == "x" || $0 == " " })
        let widths = parts.map { Int($0) }
        guard !widths.isEmpty, widths.count <= depthRange.upperBound,
            widths.allSatisfy({ $0.map(widthRange.contains) ?? false })
        else {
            return .failure(
                SettingsError(
                    "Hidden layers: give 1 to \(depthRange.upperBound) widths between 1 and \(widthRange.upperBound), e.g. 16,16,8"
                ))
        }
        return .success(widths.compactMap { $0 })
    }

    static func number(_ v: Double) -> String {
        var s = String(format: "%.4g", v)
        if s.contains("e") { return s }
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}

/// A setting a person typed that cannot be used, with the message to show.
public struct SettingsError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
