import NeuralNet
import XCTest

final class MLPTests: XCTestCase {
    private func net(_ activation: Activation) throws -> MLP {
        try MLP(
            layers: [
                DenseLayer(inputs: 2, outputs: 2, weight: [1, -1, 0.5, 2], bias: [0.25, -1]),
                DenseLayer(inputs: 2, outputs: 1, weight: [3, -2], bias: [0.5]),
            ], activation: activation)
    }

    func testForwardPassByHand() throws {
        let relu = try net(.relu)
        // z1 = (x - y + 0.25, 0.5x + 2y - 1); at (1, 0): (1.25, -0.5) → relu (1.25, 0) → 3·1.25 + 0.5
        XCTAssertEqual(relu.logit(1, 0), 4.25)
        XCTAssertEqual(relu.pattern(1, 0), [[1, 0]])
        let leaky = try net(.leakyReLU(0.1))
        XCTAssertEqual(leaky.logit(1, 0), 3 * 1.25 - 2 * -0.05 + 0.5, accuracy: 1e-15)
        XCTAssertEqual(leaky.preActivations(1, 0), [[1.25, -0.5]])
    }

    func testArchitectureIsValidated() {
        XCTAssertThrowsError(
            try MLP(layers: [DenseLayer(inputs: 3, outputs: 1, weight: [1, 2, 3], bias: [0])], activation: .relu)
        ) {
            XCTAssertEqual($0 as? ModelError, .inputSize(3))
        }
        XCTAssertThrowsError(
            try MLP(
                layers: [DenseLayer(inputs: 2, outputs: 0, weight: [], bias: [])], activation: .relu)
        ) {
            XCTAssertEqual($0 as? ModelError, .outputSize(0))
        }
        XCTAssertThrowsError(
            try MLP(
                layers: [
                    DenseLayer(inputs: 2, outputs: 3, weight: .init(repeating: 1, count: 6), bias: [0, 0, 0]),
                    DenseLayer(inputs: 2, outputs: 1, weight: [1, 1], bias: [0]),
                ], activation: .relu))
        XCTAssertThrowsError(
            try MLP(layers: [DenseLayer(inputs: 2, outputs: 1, weight: [.nan, 1], bias: [0])], activation: .relu)
        ) {
            XCTAssertEqual($0 as? ModelError, .nonFinite("layer 0 weight"))
        }
        XCTAssertThrowsError(try MLP(layers: [], activation: .relu))
    }

    func testPyTorchDefaultInitialisationBounds() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [16, 9], activation: .relu, seed: 42)
        XCTAssertEqual(mlp.hiddenWidths, [16, 9])
        for layer in mlp.layers {
            let bound = 1 / Double(layer.inputs).squareRoot()
            XCTAssert(layer.weight.allSatisfy { abs($0) <= bound })
            XCTAssert(layer.bias.allSatisfy { abs($0) <= bound })
        }
        XCTAssertEqual(
            mlp, try MLP.pytorchDefault(hiddenWidths: [16, 9], activation: .relu, seed: 42), "same seed, same network")
        XCTAssertNotEqual(mlp, try MLP.pytorchDefault(hiddenWidths: [16, 9], activation: .relu, seed: 43))
    }

    func testActivationNames() throws {
        XCTAssertEqual(try Activation(name: "relu", negativeSlope: nil), .relu)
        XCTAssertEqual(try Activation(name: "leaky_relu", negativeSlope: 0.02).negativeSlope, 0.02)
        XCTAssertEqual(try Activation(name: "LeakyReLU", negativeSlope: nil).negativeSlope, 0.01)
        XCTAssertThrowsError(try Activation(name: "tanh", negativeSlope: nil))
    }
}
