import NeuralNet

/// How regions are coloured in the map and on the surface.
public enum RegionColoring: Int, CaseIterable, Sendable {
    /// A stable hash of the activation pattern.
    case pattern
    /// ‖∇z‖ of the chosen output.
    case slope
    /// The chosen output's value (the logit of a binary network).
    case value
    /// The winning class's colour, exactly split along the argmax boundary.
    case classes
    /// How far the winner leads: top output − second output.
    case margin
    /// The network's output as the picture it reconstructs (grey or RGB).
    case reconstruction

    /// The colourings that mean something for a task, the natural one first.
    public static func available(for task: LearningTask) -> [RegionColoring] {
        switch task {
        case .binary: return [.pattern, .slope, .value]
        case .classes: return [.classes, .pattern, .slope, .value, .margin]
        case .regression: return [.reconstruction, .pattern, .slope, .value]
        }
    }

    public func title(for task: LearningTask) -> String {
        switch self {
        case .pattern: return "Activation pattern"
        case .slope: return "Slope ‖∇z‖"
        case .value:
            switch task {
            case .binary: return "Logit z"
            case .classes: return "Logit of the chosen class"
            case .regression: return "Output value"
            }
        case .classes: return "Winning class"
        case .margin: return "Winning margin"
        case .reconstruction: return "Reconstruction"
        }
    }
}

/// What the region map draws over the regions.
public struct ViewOptions: Equatable, Sendable {
    public var coloring = RegionColoring.pattern
    /// The output that the value and slope colourings and the 3-D surface show; nil the natural
    /// one: the logit (binary), the largest output (classes), the grey level or the mean of R, G, B
    /// (regression).
    public var output: Int? = nil
    public var showEdges = true
    public var edgesByLayer = false
    public var showBoundary = true
    public var showPixels = false
    public var pixelOpacity = 0.5
    /// How much larger than normal the plots' text is drawn (Ctrl+plus / Ctrl+minus / Ctrl+0):
    /// axes, labels and the inspector, readable from the back of a lecture hall.
    public var textScale = 1.0
    /// The loss curve on a log₁₀ axis.
    public var logLoss = false
    /// The map shows the partition after this many hidden layers (nil: after all of them).
    public var upToLayer: Int? = nil
    /// The network view leaves out connections weaker than this fraction of their layer's
    /// largest |w| (a hovered neuron's are always drawn).
    public var minConnectionWeight = 0.15
    public init() {}

    public static let textScaleRange = 0.75...2.0

    /// The choices of `output` for a task, as (value, title); one entry means there is no choice.
    public static func outputChoices(for task: LearningTask) -> [(output: Int?, title: String)] {
        switch task {
        case .binary: return [(nil, "Logit z")]
        case .classes(let colors):
            return [(nil, "Largest output (the winner)")] + colors.indices.map { ($0, "Class \($0)") }
        case .regression(let channels):
            if channels == 1 { return [(nil, "Grey level")] }
            return [(nil, "Brightness (mean of R, G, B)"), (0, "Red"), (1, "Green"), (2, "Blue")]
        }
    }
}

/// The 3-D surface's camera: degrees about the vertical axis and above the plane, and zoom.
public struct SurfaceCamera: Equatable, Sendable {
    public var azimuth = -55.0
    public var elevation = 32.0
    public var zoom = 1.0
    public init() {}

    public static let elevationRange = 2.0...89.0
    public static let zoomRange = 0.3...8.0
}
