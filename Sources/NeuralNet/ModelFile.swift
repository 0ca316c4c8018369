import Foundation

/// A network as stored on disk: the MLP plus the metadata nnviz keeps beside it.
///
/// The tensor layout is the one PyTorch writes for
/// `nn.Sequential(Linear(2,w), act, …, Linear(w,1))` with `safetensors.torch.save_file`:
/// `0.weight` `[out, in]`, `0.bias`, `2.weight`, … — optionally under a common prefix such as `net.`.
public struct ModelFile: Sendable {
    public var mlp: MLP
    /// What the network's outputs mean (metadata `task`, `classes`, `channels`).
    public var task: LearningTask
    /// The input rectangle the model was trained on, if the file records one.
    public var domain: Domain?
    /// Every metadata entry of the file, including the ones interpreted above.
    public var metadata: [String: String]
    /// Whether the activation came from the file's metadata (false: nnviz assumed ReLU).
    public var activationFromMetadata: Bool

    /// Without `task`, a one-output network is binary and a K-output one classes in the default palette.
    public init(mlp: MLP, domain: Domain?, task: LearningTask? = nil, metadata: [String: String] = [:]) {
        self.mlp = mlp
        self.task =
            task ?? (mlp.outputCount == 1 ? .binary : .classes(ClassColor.defaultPalette(count: mlp.outputCount)))
        self.domain = domain
        self.metadata = metadata
        self.activationFromMetadata = true
    }

    public init(contentsOf url: URL) throws {
        try self.init(safetensors: SafetensorsFile(contentsOf: url))
    }

    public init(safetensors file: SafetensorsFile) throws {
        let meta = file.metadata
        var slope: Double? = nil
        if let s = meta["negative_slope"] {
            guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw ModelError.invalidActivation("metadata negative_slope '\(s)' is not a finite number")
            }
            slope = v
        }
        let activation: Activation
        if let name = meta["activation"] {
            activation = try Activation(name: name, negativeSlope: slope)
        } else {
            activation = .relu
        }
        var domain: Domain? = nil
        if let d = meta["domain"] {
            guard let parsed = Domain(metadata: d) else {
                throw ModelError.badHeader("metadata domain '\(d)' is not 'x0,x1,y0,y1' with x0 < x1 and y0 < y1")
            }
            domain = parsed
        }
        self.mlp = try MLP(layers: Self.layers(from: file.tensors), activation: activation)
        self.task = try LearningTask(metadata: meta, outputs: mlp.outputCount)
        self.domain = domain
        self.metadata = meta
        self.activationFromMetadata = meta["activation"] != nil
    }

    /// Groups `<prefix><index>.weight|bias` tensors into layers ordered by index.
    static func layers(from tensors: [String: Tensor]) throws -> [DenseLayer] {
        guard !tensors.isEmpty else { throw ModelError.missingTensor("the file holds no tensors") }
        var prefix: String? = nil
        var weights: [Int: Tensor] = [:]
        var biases: [Int: Tensor] = [:]
        for (name, tensor) in tensors {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2, let kind = parts.last, kind == "weight" || kind == "bias",
                let index = Int(parts[parts.count - 2]), index >= 0
            else {
                throw ModelError.shapeMismatch(
                    "unexpected tensor '\(name)' (expected <index>.weight and <index>.bias of nn.Sequential)")
            }
            let p = parts.dropLast(2).joined(separator: ".")
            if let existing = prefix, existing != p {
                throw ModelError.shapeMismatch(
                    "tensors '\(name)' and others use different prefixes ('\(p)' vs '\(existing)')")
            }
            prefix = p
            if kind == "weight" { weights[index] = tensor } else { biases[index] = tensor }
        }
        for index in biases.keys where weights[index] == nil {
            throw ModelError.missingTensor("layer \(index) has a bias but no weight")
        }
        var layers: [DenseLayer] = []
        for index in weights.keys.sorted() {
            let w = weights[index]!
            guard w.shape.count == 2 else {
                throw ModelError.shapeMismatch("weight of layer \(index) has shape \(w.shape); expected [out, in]")
            }
            let (outputs, inputs) = (w.shape[0], w.shape[1])
            var bias = [Double](repeating: 0, count: outputs)  // nn.Linear(bias=False) stores none
            if let b = biases[index] {
                guard b.shape == [outputs] else {
                    throw ModelError.shapeMismatch("bias of layer \(index) has shape \(b.shape); expected [\(outputs)]")
                }
                bias = b.values
            }
            guard outputs > 0, inputs > 0 else {
                throw ModelError.shapeMismatch("layer \(index) has an empty weight of shape \(w.shape)")
            }
            layers.append(DenseLayer(inputs: inputs, outputs: outputs, weight: w.values, bias: bias))
        }
        return layers
    }

    /// The safetensors form: `0.weight`, `0.bias`, `2.weight`, … plus metadata.
    public var safetensors: SafetensorsFile {
        var tensors: [String: Tensor] = [:]
        for (i, layer) in mlp.layers.enumerated() {
            tensors["\(2 * i).weight"] = Tensor(shape: [layer.outputs, layer.inputs], values: layer.weight)
            tensors["\(2 * i).bias"] = Tensor(shape: [layer.outputs], values: layer.bias)
        }
        var meta = metadata
        for key in ["task", "classes", "channels"] { meta.removeValue(forKey: key) }
        meta.merge(task.metadata) { _, new in new }
        meta["activation"] = mlp.activation.name
        meta["negative_slope"] = "\(mlp.activation.negativeSlope)"
        meta["hidden_widths"] = mlp.hiddenWidths.map(String.init).joined(separator: ",")
        if let domain { meta["domain"] = domain.metadataString } else { meta.removeValue(forKey: "domain") }
        return SafetensorsFile(metadata: meta, tensors: tensors)
    }

    /// Writes atomically (temporary file, then rename): a crash never leaves half a model.
    public func write(to url: URL, dtype: TensorDType = .f32) throws {
        let data = try safetensors.serialized(as: dtype)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ModelError.io("cannot write \(url.path): \(SafetensorsFile.reason(error))")
        }
    }
}
