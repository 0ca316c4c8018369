import Foundation
import NeuralNet
import XCTest

/// State dicts laid out as PyTorch code writes them: named modules, nested prefixes, BatchNorm1d,
/// bias=False; and every refusal with its one-line message.
final class StateDictTests: XCTestCase {
    private func linear(
        _ name: String, _ inputs: Int, _ outputs: Int, bias: Bool = true, seed: Int = 0
    )
        -> [String: Tensor]
    {
        let w = (0..<(inputs * outputs)).map { sin(Double($0 * 7 + seed * 13 + 1)) }
        var t = [name + ".weight": Tensor(shape: [outputs, inputs], values: w)]
        if bias { t[name + ".bias"] = Tensor(shape: [outputs], values: (0..<outputs).map { cos(Double($0 + seed)) }) }
        return t
    }

    private func batchNorm(_ name: String, _ n: Int, seed: Int = 0) -> [String: Tensor] {
        [
            name + ".weight": Tensor(shape: [n], values: (0..<n).map { 0.5 + Double(($0 + seed) % 3) }),
            name + ".bias": Tensor(shape: [n], values: (0..<n).map { 0.1 * Double($0) - 0.2 }),
            name + ".running_mean": Tensor(shape: [n], values: (0..<n).map { 0.3 * sin(Double($0 + seed)) }),
            name + ".running_var": Tensor(shape: [n], values: (0..<n).map { 0.25 + Double($0 % 4) }),
        ]
    }

    private func merged(_ parts: [String: Tensor]...) -> [String: Tensor] {
        parts.reduce(into: [:]) { $0.merge($1) { a, _ in a } }
    }

    private func load(
        _ tensors: [String: Tensor], metadata: [String: String] = [:], order: [String]? = nil
    ) throws
        -> NetworkFile
    {
        try NetworkFile(safetensors: SafetensorsFile(metadata: metadata, tensors: tensors), layerOrder: order)
    }

    private func assertRefused(
        _ tensors: [String: Tensor], metadata: [String: String] = [:], order: [String]? = nil, _ expected: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try load(tensors, metadata: metadata, order: order), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssert(message.contains(expected), "'\(message)' should say '\(expected)'", file: file, line: line)
            XCTAssertFalse(message.contains("\n"), "one line", file: file, line: line)
        }
    }

    func testNamedModulesChainInNameOrder() throws {
        let f = try load(merged(linear("fc1", 2, 4), linear("fc2", 4, 3, seed: 1), linear("out", 3, 2, seed: 2)))
        XCTAssertEqual(f.moduleOrder, ["fc1", "fc2", "out"])
        XCTAssertEqual(f.network.hiddenWidths, [4, 3])
        XCTAssertEqual(try ModelFile(f).mlp.outputCount, 2)
    }

    func testNumbersCompareNumerically() throws {
        // Equal widths: only the names decide, and layers.10 must come after layers.8, not after layers.0.
        var parts = linear("layers.0", 2, 3)
        for i in stride(from: 2, through: 12, by: 2) { parts.merge(linear("layers.\(i)", 3, 3, seed: i)) { a, _ in a } }
        let f = try load(parts)
        XCTAssertEqual(f.moduleOrder, stride(from: 0, through: 12, by: 2).map { "layers.\($0)" })
        XCTAssertTrue(NaturalNameOrder.precedes("layers.2", "layers.10"))
        XCTAssertFalse(NaturalNameOrder.precedes("layers.10", "layers.2"))
        XCTAssertTrue(NaturalNameOrder.precedes("model.backbone.4", "model.head"))
    }

    func testNestedPrefixesAndManyInputs() throws {
        let f = try load(
            merged(
                linear("model.backbone.0", 5, 6), linear("model.backbone.2", 6, 4, seed: 1),
                linear("model.head", 4, 3, seed: 2)))
        XCTAssertEqual(f.moduleOrder, ["model.backbone.0", "model.backbone.2", "model.head"])
        XCTAssertEqual(f.network.inputCount, 5)
        XCTAssertThrowsError(try ModelFile(f)) { error in
            XCTAssertEqual(
                "\(error)",
                "the network takes 5 inputs, not 2 (x, y): open it on a plane through three data points with nnviz regions --model M --points DATA --through I,J,K"
            )
        }
    }

    func testTheOneOrderTheShapesAllowIsFound() throws {
        // Name order (decoder, encoder) does not chain; only encoder → decoder does.
        let f = try load(merged(linear("decoder", 8, 1), linear("encoder", 2, 8, seed: 1)))
        XCTAssertEqual(f.moduleOrder, ["encoder", "decoder"])
    }

    func testBiasFalseStoresZeroBias() throws {
        let f = try load(merged(linear("0", 2, 3, bias: false), linear("2", 3, 1, bias: false)))
        XCTAssertEqual(f.network.layers[0].bias, [0, 0, 0])
        XCTAssertEqual(f.network.layers[1].bias, [0])
    }

    func testBatchNormFoldsExactlyIntoTheLinearBefore() throws {
        let tensors = merged(linear("net.0", 3, 5), batchNorm("net.1", 5), linear("net.3", 5, 2, seed: 4))
        let f = try load(tensors)
        XCTAssertEqual(f.moduleOrder, ["net.0", "net.1", "net.3"])
        XCTAssertEqual(f.network.layers.count, 2)
        // Direct computation of Linear → BatchNorm (eval) → ReLU → Linear at a few points.
        func value(_ name: String) -> [Double] { tensors[name]!.values }
        for k in 0..<20 {
            let x = (0..<3).map { sin(Double(k * 3 + $0) * 1.7) * 2 }
            var h = (0..<5).map { o in
                (0..<3).reduce(value("net.0.bias")[o]) { $0 + value("net.0.weight")[o * 3 + $1] * x[$1] }
            }
            h = (0..<5).map { o in
                let n = (h[o] - value("net.1.running_mean")[o]) / (value("net.1.running_var")[o] + 1e-5).squareRoot()
                return max(0, n * value("net.1.weight")[o] + value("net.1.bias")[o])
            }
            let y = (0..<2).map { o in
                (0..<5).reduce(value("net.3.bias")[o]) { $0 + value("net.3.weight")[o * 5 + $1] * h[$1] }
            }
            let got = f.network.outputs(x)
            for (a, b) in zip(got, y) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b))) }
        }
    }

    func testBatchNormEpsFromMetadataAndAffineFalse() throws {
        var bn = batchNorm("1", 2)
        bn.removeValue(forKey: "1.weight")
        bn.removeValue(forKey: "1.bias")
        let tensors = merged(linear("0", 2, 2), bn, linear("3", 2, 1))
        let f = try load(tensors, metadata: ["batchnorm_eps": "0.5"])
        let w = tensors["0.weight"]!.values
        let b = tensors["0.bias"]!.values
        let mean = tensors["1.running_mean"]!.values
        let variance = tensors["1.running_var"]!.values
        for o in 0..<2 {
            let s = 1 / (variance[o] + 0.5).squareRoot()
            XCTAssertEqual(f.network.layers[0].weight[o * 2], s * w[o * 2], accuracy: 1e-15)
            XCTAssertEqual(f.network.layers[0].bias[o], s * (b[o] - mean[o]), accuracy: 1e-15)
        }
    }

    func testNumBatchesTrackedInI64IsIgnored() throws {
        // A Sequential(Linear(2,2), BatchNorm1d(2), ReLU, Linear(2,1)) file as PyTorch writes it.
        let entries: [(String, String, [Int], [UInt8])] = [
            ("0.weight", "F32", [2, 2], floats([1, 2, 3, 4])), ("0.bias", "F32", [2], floats([0, 1])),
            ("1.weight", "F32", [2], floats([1, 2])), ("1.bias", "F32", [2], floats([0, 0])),
            ("1.running_mean", "F32", [2], floats([0.5, -0.5])), ("1.running_var", "F32", [2], floats([1, 4])),
            ("1.num_batches_tracked", "I64", [], [7, 0, 0, 0, 0, 0, 0, 0]),
            ("3.weight", "F32", [1, 2], floats([1, -1])), ("3.bias", "F32", [1], floats([0.25])),
        ]
        var header: [String] = []
        var data: [UInt8] = []
        for (name, dtype, shape, bytes) in entries {
            header.append(
                "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(data.count),\(data.count + bytes.count)]}"
            )
            data += bytes
        }
        let text = "{" + header.joined(separator: ",") + "}"
        var file = Data()
        withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: Array(text.utf8) + data)
        let safetensors = try SafetensorsFile(data: file)
        XCTAssertEqual(safetensors.tensors["1.num_batches_tracked"]?.values, [7])
        let model = try ModelFile(safetensors: safetensors)
        XCTAssertEqual(model.mlp.hiddenWidths, [2])
        let s0 = 1 / (1 + 1e-5).squareRoot()
        XCTAssertEqual(model.mlp.layers[0].bias[0], s0 * (0 - 0.5), accuracy: 1e-12)
    }

    func testAmbiguousOrdersAreListedAndAnExplicitOrderDecides() throws {
        let tensors = merged(
            linear("fc1", 2, 4), batchNorm("bn1", 4), linear("fc2", 4, 4, seed: 1), batchNorm("bn2", 4, seed: 1),
            linear("out", 4, 1, seed: 2))
        assertRefused(tensors, "--layers fc1,bn1,fc2,bn2,out | --layers fc1,bn2,fc2,bn1,out; give one with --layers")
        let f = try load(tensors, order: ["fc1", "bn1", "fc2", "bn2", "out"])
        XCTAssertEqual(f.moduleOrder, ["fc1", "bn1", "fc2", "bn2", "out"])
        let direct = BatchNormFolding(
            gamma: tensors["bn2.weight"]!.values, beta: tensors["bn2.bias"]!.values,
            runningMean: tensors["bn2.running_mean"]!.values, runningVariance: tensors["bn2.running_var"]!.values,
            eps: 1e-5)
        let fc2 = DenseLayer(
            inputs: 4, outputs: 4, weight: tensors["fc2.weight"]!.values, bias: tensors["fc2.bias"]!.values)
        XCTAssertEqual(f.network.layers[1], direct.folded(into: fc2))
    }

    func testRefusalsNameTheTensorAndTheReason() {
        let head = merged(linear("0", 2, 3), linear("2", 3, 1))
        assertRefused(
            merged(
                head,
                [
                    "norm.weight": Tensor(shape: [3], values: [1, 1, 1]),
                    "norm.bias": Tensor(shape: [3], values: [0, 0, 0]),
                ]),
            "unsupported layer: tensor 'norm.weight' is a 1-D weight without running statistics (LayerNorm): LayerNorm is not piecewise linear"
        )
        assertRefused(
            merged(head, ["conv.weight": Tensor(shape: [1, 1, 1, 1], values: [1])]),
            "unsupported layer: tensor 'conv.weight' has shape [1, 1, 1, 1]: convolutions are not supported")
        assertRefused(
            merged(["0.weight": Tensor(shape: [3, 2], values: [1, 2, 3, 4, 5, 6], storedAs: .i64)], head),
            "unsupported dtype I64 for tensor '0.weight'")
        assertRefused(
            merged(head, ["ema.shadow": Tensor(shape: [1], values: [1])]),
            "unsupported layer: tensor 'ema.shadow' is not a parameter of a Linear or BatchNorm1d, so it fits no chain")
        // Sequential(Linear, ReLU, BatchNorm1d, Linear): the BatchNorm is after the activation.
        assertRefused(
            merged(linear("0", 2, 3), batchNorm("2", 3), linear("3", 3, 1)),
            "BatchNorm1d '2' is not directly after Linear '0'")
        assertRefused(
            merged(linear("0", 2, 3), linear("2", 4, 1)),
            "tensor shapes do not chain: in name order, '0' has 3 outputs but '2' takes 4, and no other order of the modules chains"
        )
        var noVar = batchNorm("1", 3)
        noVar.removeValue(forKey: "1.running_var")
        assertRefused(merged(head, noVar), "missing tensor: '1.running_var'")
        assertRefused(head, order: ["0", "5", "2"], "--layers names '5', which has no tensors")
        assertRefused(head, order: ["0"], "tensor '2.weight' belongs to module '2', which --layers leaves out")
        assertRefused(head, order: ["2", "0"], "in the --layers order, '2' has 1 outputs but '0' takes 2")
        assertRefused(head, metadata: ["batchnorm_eps": "x"], "metadata batchnorm_eps 'x'")
        assertRefused(
            merged(
                head,
                [
                    "1.weight": Tensor(shape: [3, 3, 3], values: Array(repeating: 0, count: 27)),
                    "1.running_mean": Tensor(shape: [3], values: [0, 0, 0]),
                    "1.running_var": Tensor(shape: [3], values: [1, 1, 1]),
                ]),
            "tensor '1.weight' has shape [3, 3, 3], not [3] as a BatchNorm1d's parameters")
    }

    func testSearchForAnOrderIsBounded() {
        // 30 interchangeable 3→3 layers and a tail that never chains: every order would be tried.
        var parts = merged(linear("z", 2, 3), linear("b", 3, 5), linear("c", 4, 1))
        for i in 0..<30 { parts.merge(linear("a\(i)", 3, 3, seed: i)) { a, _ in a } }
        let start = ContinuousClock.now
        assertRefused(parts, "the 33 modules are too many to try every other order; give one with --layers")
        XCTAssertLessThan(start.duration(to: .now), .seconds(5))
    }

    private func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }
}
