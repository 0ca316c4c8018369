import Foundation

/// The dense layers of a PyTorch state dict, found from the tensor names and shapes.
///
/// Tensors are grouped by module (the name before the last `.weight`, `.bias`, `.running_mean`,
/// `.running_var` or `.num_batches_tracked`). A module with a 2-D weight is a Linear; one with
/// running statistics a BatchNorm1d, folded exactly into the Linear before it. The order is the
/// natural order of the module names (`layers.10` after `layers.2`) when the shapes chain that
/// way; otherwise the one order the shapes allow; several → refused, listing them, and an explicit
/// order (`--layers`) decides. Anything else is refused with one line naming the tensor.
public struct StateDictLayers: Sendable {
    /// The affine layers, BatchNorm folded in.
    public var layers: [DenseLayer]
    /// The modules in the order used, BatchNorm ones included.
    public var moduleOrder: [String]

    public init(tensors: [String: Tensor], metadata: [String: String] = [:], layerOrder: [String]? = nil) throws {
        guard !tensors.isEmpty else { throw ModelError.missingTensor("the file holds no tensors") }
        let eps = try Self.batchNormEps(metadata)
        var groups: [String: [String: Tensor]] = [:]
        for (name, tensor) in tensors {
            let (module, leaf) = Self.split(name)
            guard Self.leaves.contains(leaf) else {
                throw ModelError.unsupportedLayer(
                    "tensor '\(name)' is not a parameter of a Linear or BatchNorm1d, so it fits no chain")
            }
            // Bookkeeping of BatchNorm's training (an integer count): no part of the function.
            if leaf == "num_batches_tracked" { continue }
            guard tensor.storedAs.isFloatingPoint else {
                throw ModelError.unknownDType("\(tensor.storedAs.rawValue) for tensor '\(name)'")
            }
            groups[module, default: [:]][leaf] = tensor
        }
        let modules = try groups.keys.sorted(by: NaturalNameOrder.precedes).map {
            try Module(name: $0, tensors: groups[$0]!, eps: eps)
        }
        let chain: [Module]
        if let layerOrder {
            chain = try Self.explicitChain(layerOrder, modules)
        } else if Self.chainProblem(modules) == nil {
            chain = modules
        } else {
            chain = try Self.searchedChain(modules)
        }
        try Self.checkSequentialAdjacency(chain)
        var layers: [DenseLayer] = []
        for module in chain {
            switch module.kind {
            case .linear(let layer): layers.append(layer)
            case .batchNorm(let bn): layers[layers.count - 1] = bn.folded(into: layers[layers.count - 1])
            }
        }
        self.layers = layers
        self.moduleOrder = chain.map(\.name)
    }

    static let leaves: Set<String> = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]

    /// One module of the state dict, classified.
    struct Module {
        enum Kind {
            case linear(DenseLayer)
            case batchNorm(BatchNormFolding)
        }
        let name: String
        let kind: Kind

        init(name: String, tensors: [String: Tensor], eps: Double) throws {
            self.name = name
            func full(_ leaf: String) -> String { name.isEmpty ? leaf : "\(name).\(leaf)" }
            let weight = tensors["weight"]
            let bias = tensors["bias"]
            if tensors["running_mean"] != nil || tensors["running_var"] != nil {
                guard let mean = tensors["running_mean"], let variance = tensors["running_var"] else {
                    let missing = tensors["running_mean"] == nil ? "running_mean" : "running_var"
                    throw ModelError.missingTensor(
                        "'\(full(missing))' (BatchNorm1d needs running_mean and running_var)")
                }
                let n = mean.values.count
                for (leaf, t) in [
                    ("running_mean", mean), ("running_var", variance), ("weight", weight), ("bias", bias),
                ] {
                    guard let t else { continue }
                    guard t.shape == [n], n > 0 else {
                        throw ModelError.unsupportedLayer(
                            "tensor '\(full(leaf))' has shape \(t.shape), not [\(n)] as a BatchNorm1d's parameters (BatchNorm2d and others are not supported)"
                        )
                    }
                }
                guard (mean.values + variance.values).allSatisfy(\.isFinite) else {
                    throw ModelError.nonFinite("'\(full("running_mean"))' or '\(full("running_var"))'")
                }
                guard variance.values.allSatisfy({ $0 + eps > 0 }) else {
                    throw ModelError.unsupportedLayer("tensor '\(full("running_var"))' has a variance ≤ −eps")
                }
                // affine=False stores no weight and bias: γ = 1, β = 0.
                kind = .batchNorm(
                    BatchNormFolding(
                        gamma: weight?.values ?? Array(repeating: 1, count: n),
                        beta: bias?.values ?? Array(repeating: 0, count: n), runningMean: mean.values,
                        runningVariance: variance.values, eps: eps))
                return
            }
            guard let weight else {
                throw ModelError.missingTensor("'\(full("bias"))' is a bias with no weight beside it")
            }
            switch weight.shape.count {
            case 2:
                let (outputs, inputs) = (weight.shape[0], weight.shape[1])
                guard outputs > 0, inputs > 0 else {
                    throw ModelError.shapeMismatch("tensor '\(full("weight"))' is empty (shape \(weight.shape))")
                }
                var b = [Double](repeating: 0, count: outputs)  // nn.Linear(bias=False) stores none
                if let bias {
                    guard bias.shape == [outputs] else {
                        throw ModelError.shapeMismatch(
                            "tensor '\(full("bias"))' has shape \(bias.shape); expected [\(outputs)]")
                    }
                    b = bias.values
                }
                kind = .linear(DenseLayer(inputs: inputs, outputs: outputs, weight: weight.values, bias: b))
            case 1:
                throw ModelError.unsupportedLayer(
                    "tensor '\(full("weight"))' is a 1-D weight without running statistics (LayerNorm): LayerNorm is not piecewise linear"
                )
            case 3...5:
                throw ModelError.unsupportedLayer(
                    "tensor '\(full("weight"))' has shape \(weight.shape): convolutions are not supported (only Linear and BatchNorm1d)"
                )
            default:
                throw ModelError.unsupportedLayer(
                    "tensor '\(full("weight"))' has shape \(weight.shape), not that of a Linear or BatchNorm1d")
            }
        }

        /// Features in and out (a BatchNorm keeps the width).
        var inputs: Int {
            switch kind {
            case .linear(let l): return l.inputs
            case .batchNorm(let b): return b.features
            }
        }
        var outputs: Int {
            switch kind {
            case .linear(let l): return l.outputs
            case .batchNorm(let b): return b.features
            }
        }
        var isLinear: Bool {
            if case .linear = kind { return true }
            return false
        }
        var label: String { name.isEmpty ? "(root)" : name }
    }

    /// Why this order is not a chain (nil: it is one). A chain starts and ends with a Linear, each
    /// BatchNorm directly follows a Linear of its width, and each Linear takes what came before.
    static func chainProblem(_ chain: [Module]) -> String? {
        guard let first = chain.first, let last = chain.last else { return "no Linear layers" }
        guard first.isLinear else { return "BatchNorm1d '\(first.label)' has no Linear before it" }
        guard last.isLinear else { return "BatchNorm1d '\(last.label)' comes after the last Linear" }
        for i in chain.indices.dropFirst() {
            let (a, b) = (chain[i - 1], chain[i])
            if !b.isLinear && !a.isLinear {
                return "BatchNorm1d '\(b.label)' follows BatchNorm1d '\(a.label)', not a Linear"
            }
            if a.outputs != b.inputs {
                return "'\(a.label)' has \(a.outputs) outputs but '\(b.label)' takes \(b.inputs)"
            }
        }
        return nil
    }

    private static func explicitChain(_ order: [String], _ modules: [Module]) throws -> [Module] {
        var byName: [String: Module] = [:]
        for m in modules { byName[m.name] = m }
        var seen: Set<String> = []
        var chain: [Module] = []
        for name in order {
            guard let m = byName[name] else {
                throw ModelError.missingTensor(
                    "--layers names '\(name)', which has no tensors (modules: \(modules.map(\.label).joined(separator: ",")))"
                )
            }
            guard seen.insert(name).inserted else {
                throw ModelError.shapeMismatch("--layers names '\(name)' twice")
            }
            chain.append(m)
        }
        if let left = modules.first(where: { !seen.contains($0.name) }) {
            throw ModelError.unsupportedLayer(
                "tensor '\(left.name).weight' belongs to module '\(left.label)', which --layers leaves out")
        }
        if let problem = chainProblem(chain) { throw ModelError.shapeMismatch("in the --layers order, \(problem)") }
        return chain
    }

    /// Every order the shapes allow, up to a few, by depth-first search with a step budget (the
    /// natural order did not chain).
    private static func searchedChain(_ modules: [Module]) throws -> [Module] {
        let natural = chainProblem(modules) ?? ""
        var found: [[Int]] = []
        var steps = 0
        var used = [Bool](repeating: false, count: modules.count)
        var path: [Int] = []
        // The budget counts candidate checks, so a file of many equal-width modules that chain in
        // no order costs a bounded time instead of one that grows factorially.
        func extend() {
            guard found.count < 4, steps < 200_000 else { return }
            if path.count == modules.count {
                if modules[path.last!].isLinear { found.append(path) }
                return
            }
            for j in modules.indices where !used[j] {
                steps += 1
                guard steps < 200_000 else { return }
                let m = modules[j]
                if let last = path.last {
                    let prev = modules[last]
                    guard prev.outputs == m.inputs, m.isLinear || prev.isLinear else { continue }
                } else if !m.isLinear {
                    continue
                }
                used[j] = true
                path.append(j)
                extend()
                path.removeLast()
                used[j] = false
            }
        }
        extend()
        switch found.count {
        case 0...1 where steps >= 200_000:
            // The search stopped early: one order found does not show it is the only one.
            throw ModelError.ambiguousOrder(
                "in name order, \(natural), and the \(modules.count) modules are too many to try every other order; give one with --layers"
            )
        case 0:
            throw ModelError.shapeMismatch("in name order, \(natural), and no other order of the modules chains")
        case 1:
            return found[0].map { modules[$0] }
        default:
            let listed = found.map { "--layers " + $0.map { modules[$0].label }.joined(separator: ",") }
            throw ModelError.ambiguousOrder(
                "\(found.count == 4 ? "4 or more" : "\(found.count)") orders fit the shapes: \(listed.joined(separator: " | ")); give one with --layers"
            )
        }
    }

    /// In `nn.Sequential` every module has an index, so a gap between a Linear and the BatchNorm
    /// after it means something without tensors (an activation) sits between: then it is not
    /// Linear → BatchNorm and folding it into the Linear would be wrong.
    private static func checkSequentialAdjacency(_ chain: [Module]) throws {
        for i in chain.indices.dropFirst() where !chain[i].isLinear {
            let (a, b) = (split(chain[i - 1].name), split(chain[i].name))
            guard a.module == b.module, let ia = Int(a.leaf), let ib = Int(b.leaf), ib != ia + 1 else { continue }
            throw ModelError.unsupportedLayer(
                "tensor '\(chain[i].name).running_mean': BatchNorm1d '\(chain[i].name)' is not directly after Linear '\(chain[i - 1].name)' (a module between leaves no tensors, e.g. an activation), so it does not fold exactly"
            )
        }
    }

    /// `a.b.weight` → (`a.b`, `weight`); a name without a dot is a leaf of the root module.
    static func split(_ name: String) -> (module: String, leaf: String) {
        guard let dot = name.lastIndex(of: ".") else { return ("", name) }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }

    private static func batchNormEps(_ metadata: [String: String]) throws -> Double {
        guard let text = metadata["batchnorm_eps"] else { return BatchNormFolding.defaultEps }
        guard let eps = Double(text.trimmingCharacters(in: .whitespaces)), eps.isFinite, eps >= 0 else {
            throw ModelError.badHeader("metadata batchnorm_eps '\(text)' is not a finite number ≥ 0")
        }
        return eps
    }
}
