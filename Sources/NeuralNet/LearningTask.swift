/// What a network learns from an image, resolved: for classes, the classes' display colours.
///
/// - `binary`: one logit, dark pixels (by the threshold) are class 1; the boundary is `z = 0`.
/// - `classes`: K logits trained with softmax cross-entropy; argmax decides; class i is shown in
///   `colors[i]` (the mean colour of its pixels).
/// - `regression`: one output per channel (1 grey, 3 RGB) fitted with mean squared error; the
///   exact piecewise-planar surface is the reconstructed picture.
public enum LearningTask: Sendable, Equatable, Hashable, CustomStringConvertible {
    case binary
    case classes([ClassColor])
    case regression(channels: Int)

    public static let classRange = 2...12

    public var kind: TaskKind {
        switch self {
        case .binary: return .binary
        case .classes: return .classes
        case .regression: return .regression
        }
    }

    /// K, the network's output count for this task.
    public var outputCount: Int {
        switch self {
        case .binary: return 1
        case .classes(let colors): return colors.count
        case .regression(let channels): return channels
        }
    }

    /// Class display colours (empty unless `classes`).
    public var classColors: [ClassColor] {
        if case .classes(let colors) = self { return colors }
        return []
    }

    public var description: String {
        switch self {
        case .binary: return "binary"
        case .classes(let colors): return "\(colors.count) classes"
        case .regression(let channels): return channels == 3 ? "RGB regression" : "grey regression"
        }
    }

    // MARK: Model metadata

    /// The metadata entries that record the task in a model file: `task`, and `classes` (display
    /// colours as comma-separated hex) or `channels`.
    public var metadata: [String: String] {
        switch self {
        case .binary: return ["task": "binary"]
        case .classes(let colors): return ["task": "classes", "classes": colors.map(\.hex).joined(separator: ",")]
        case .regression(let channels): return ["task": "regression", "channels": "\(channels)"]
        }
    }

    /// Reads the task back from metadata; a file without `task` is binary if it has one output
    /// and otherwise classes in the default palette. Throws a one-line reason when the entries
    /// contradict the network's `outputs`.
    public init(metadata meta: [String: String], outputs: Int) throws {
        let name = meta["task"]?.trimmingCharacters(in: .whitespaces).lowercased()
        switch name {
        case nil:
            self = outputs == 1 ? .binary : .classes(ClassColor.defaultPalette(count: outputs))
        case "binary":
            guard outputs == 1 else {
                throw ModelError.invalidArchitecture("metadata task 'binary' but the network has \(outputs) outputs")
            }
            self = .binary
        case "classes":
            guard outputs >= 2 else {
                throw ModelError.invalidArchitecture("metadata task 'classes' but the network has \(outputs) output")
            }
            var colors = ClassColor.defaultPalette(count: outputs)
            if let list = meta["classes"] {
                let parsed = list.split(separator: ",").compactMap { ClassColor(hex: String($0)) }
                guard parsed.count == outputs, list.split(separator: ",").count == outputs else {
                    throw ModelError.badHeader(
                        "metadata classes '\(list)' is not \(outputs) colours as #rrggbb separated by commas")
                }
                colors = parsed
            }
            self = .classes(colors)
        case "regression":
            if let c = meta["channels"], Int(c) != outputs {
                throw ModelError.invalidArchitecture(
                    "metadata channels '\(c)' but the network has \(outputs) output\(outputs == 1 ? "" : "s")")
            }
            guard outputs == 1 || outputs == 3 else {
                throw ModelError.invalidArchitecture(
                    "a regression network needs 1 (grey) or 3 (RGB) outputs, not \(outputs)")
            }
            self = .regression(channels: outputs)
        case let other?:
            throw ModelError.badHeader("metadata task '\(other)' is not binary, classes or regression")
        }
    }
}

/// The task's name alone, as typed on the command line and chosen in the window.
public enum TaskKind: String, Sendable, CaseIterable, Equatable, Hashable {
    case binary
    case classes
    case regression
}

/// What a person asks for before the image is seen: the kind, K for classes, channels for
/// regression. The image then resolves it into a `LearningTask` (with the classes' colours).
public struct TaskChoice: Sendable, Equatable, Hashable {
    public var kind: TaskKind
    /// K for `classes` (2…12).
    public var classes: Int
    /// 1 (grey) or 3 (RGB) for `regression`.
    public var channels: Int

    public init(kind: TaskKind = .binary, classes: Int = 3, channels: Int = 1) {
        self.kind = kind
        self.classes = classes
        self.channels = channels
    }

    public static let binary = TaskChoice()

    public func validate() throws {
        guard LearningTask.classRange.contains(classes) else {
            throw ModelError.invalidArchitecture(
                "the number of classes must be between \(LearningTask.classRange.lowerBound) and \(LearningTask.classRange.upperBound)"
            )
        }
        guard channels == 1 || channels == 3 else {
            throw ModelError.invalidArchitecture("regression takes 1 (grey) or 3 (RGB) channels")
        }
    }

    /// The output count this choice will give a network.
    public var outputCount: Int {
        switch kind {
        case .binary: return 1
        case .classes: return classes
        case .regression: return channels
        }
    }
}
