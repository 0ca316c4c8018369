import Foundation

/// Writing a network with any number of inputs in the layout `ModelFile` writes for two:
/// `nn.Sequential` indices `0.weight`, `0.bias`, `2.weight`, … plus the activation and task metadata.
extension GeneralNetwork {
    /// The safetensors form; `metadata` is kept except what this network and `task` restate.
    public func safetensors(task: LearningTask, metadata: [String: String] = [:]) -> SafetensorsFile {
        var tensors: [String: Tensor] = [:]
        for (i, layer) in layers.enumerated() {
            tensors["\(2 * i).weight"] = Tensor(shape: [layer.outputs, layer.inputs], values: layer.weight)
            tensors["\(2 * i).bias"] = Tensor(shape: [layer.outputs], values: layer.bias)
        }
        var meta = metadata
        // The state dict is rewritten as a plain chain (BatchNorm folded), so an order or a layout
        // the original file needed no longer applies; a domain describes (x, y), which this is not.
        for key in ["task", "classes", "channels", "domain"] { meta.removeValue(forKey: key) }
        meta.merge(task.metadata) { _, new in new }
        meta["activation"] = activation.name
        meta["negative_slope"] = "\(activation.negativeSlope)"
        meta["hidden_widths"] = hiddenWidths.map(String.init).joined(separator: ",")
        meta["inputs"] = "\(inputCount)"
        return SafetensorsFile(metadata: meta, tensors: tensors)
    }

    /// Writes atomically (temporary file, then rename).
    public func write(
        to url: URL, task: LearningTask, metadata: [String: String] = [:], dtype: TensorDType = .f32
    )
        throws
    {
        let data = try safetensors(task: task, metadata: metadata).serialized(as: dtype)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ModelError.io("cannot write \(url.path): \(SafetensorsFile.reason(error))")
        }
    }
}
