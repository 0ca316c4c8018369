/// Everything that can be wrong with a network or a model file, each with a one-line message
/// that names the problem.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    case badHeader(String)
    case offsetsOutOfRange(String)
    case unknownDType(String)
    case shapeMismatch(String)
    case missingTensor(String)
    case inputSize(Int)
    case outputSize(Int)
    case nonFinite(String)
    case invalidActivation(String)
    case invalidArchitecture(String)
    /// A training setting out of range; the message names the setting.
    case invalidSetting(String)
    /// A tensor of a layer nnviz cannot represent exactly (convolution, LayerNorm, …), or one that fits no chain.
    case unsupportedLayer(String)
    /// Several layer orders fit the tensor shapes; the message lists them.
    case ambiguousOrder(String)
    /// A plane through the input space that cannot be built (duplicate or collinear anchors, wrong dimension).
    case invalidPlane(String)
    /// A points file (the anchors of a plane) that cannot be read as one point per row.
    case badPoints(String)
    case io(String)

    public var description: String {
        switch self {
        case .badHeader(let s): return "bad safetensors header: \(s)"
        case .offsetsOutOfRange(let s): return "tensor offsets out of range: \(s)"
        case .unknownDType(let s): return "unsupported dtype \(s) (expected F32, F64, F16 or BF16)"
        case .shapeMismatch(let s): return "tensor shapes do not chain: \(s)"
        case .missingTensor(let s): return "missing tensor: \(s)"
        case .inputSize(let n):
            return
                "the network takes \(n) inputs, not 2 (x, y): open it on a plane through three data points with nnviz regions --model M --points DATA --through I,J,K"
        case .outputSize(let n): return "the last layer has \(n) outputs; nnviz supports 1 to \(MLP.maxOutputs)"
        case .nonFinite(let s): return "non-finite value (NaN or infinity) in \(s)"
        case .invalidActivation(let s): return s
        case .invalidArchitecture(let s): return "invalid network: \(s)"
        case .invalidSetting(let s): return s
        case .unsupportedLayer(let s): return "unsupported layer: \(s)"
        case .ambiguousOrder(let s): return "ambiguous layer order: \(s)"
        case .invalidPlane(let s): return "invalid plane: \(s)"
        case .badPoints(let s): return "bad points file: \(s)"
        case .io(let s): return s
        }
    }
}
