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
    case io(String)

    public var description: String {
        switch self {
        case .badHeader(let s): return "bad safetensors header: \(s)"
        case .offsetsOutOfRange(let s): return "tensor offsets out of range: \(s)"
        case .unknownDType(let s): return "unsupported dtype \(s) (expected F32, F64, F16 or BF16)"
        case .shapeMismatch(let s): return "tensor shapes do not chain: \(s)"
        case .missingTensor(let s): return "missing tensor: \(s)"
        case .inputSize(let n): return "the first layer takes \(n) inputs; nnviz needs exactly 2 (x, y)"
        case .outputSize(let n): return "the last layer has \(n) outputs; nnviz supports 1 to \(MLP.maxOutputs)"
        case .nonFinite(let s): return "non-finite value (NaN or infinity) in \(s)"
        case .invalidActivation(let s): return s
        case .invalidArchitecture(let s): return "invalid network: \(s)"
        case .io(let s): return s
        }
    }
}
