import Drawing
import FastMatrix
import Foundation
import NeuralNet
import XCTest

/// The classes and regression tasks: their losses' gradients, that they learn, and their model files.
final class TaskTrainingTests: XCTestCase {
    override func setUp() { OpenBLASMatrixEngine.setThreads(1) }

    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data")
        .standardized

    private func image(_ w: Int, _ h: Int, _ color: (Double, Double) -> (Double, Double, Double)) -> ColorImage {
        var rgb: [Double] = []
        for y in 0..<h {
            for x in 0..<w {
                let c = color((Double(x) + 0.5) / Double(w), (Double(y) + 0.5) / Double(h))
                rgb += [c.0, c.1, c.2]
            }
        }
        return ColorImage(width: w, height: h, rgb: rgb)
    }

    /// Three flat colours with curved boundaries: a disk on a field above a wave.
    private func threeClassImage(_ side: Int) -> ColorImage {
        image(side, side) { u, v in
            if (u - 0.6) * (u - 0.6) + (v - 0.35) * (v - 0.35) < 0.06 { return (0.9, 0.5, 0.1) }
            return v > 0.7 + 0.1 * sin(6 * u) ? (0.1, 0.45, 0.55) : (0.95, 0.93, 0.88)
        }
    }

    private func batch(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(2 * n)).map { _ in Float(rng.symmetric(1)) }
    }

    /// The largest relative disagreement between the trainer's gradients and central differences
    /// of `reference`, a double-precision loss of the network.
    private func worstGradientError(
        _ t: Trainer, points: [Float], labels: [Float], reference: (MLP) -> Double, file: StaticString = #filePath,
        line: UInt = #line
    ) -> Double {
        let (l, gw, gb) = t.lossAndGradients(points: points, labels: labels)
        let mlp = t.mlp
        XCTAssertEqual(l, reference(mlp), accuracy: 1e-5, "the batch loss", file: file, line: line)
        let h = 1e-6
        var worst = 0.0
        for layer in mlp.layers.indices {
            let weights = mlp.layers[layer].weight.count
            for i in 0..<(weights + mlp.layers[layer].bias.count) {
                var plus = mlp
                var minus = mlp
                if i >= weights {
                    plus.layers[layer].bias[i - weights] += h
                    minus.layers[layer].bias[i - weights] -= h
                } else {
                    plus.layers[layer].weight[i] += h
                    minus.layers[layer].weight[i] -= h
                }
                let numeric = (reference(plus) - reference(minus)) / (2 * h)
                let analytic = Double(i >= weights ? gb[layer][i - weights] : gw[layer][i])
                worst = max(worst, abs(numeric - analytic) / max(1e-3, abs(numeric)))
            }
        }
        return worst
    }

    func testSoftmaxCrossEntropyGradientsMatchFiniteDifferences() throws {
        let pts = batch(27, seed: 3)
        // The label of each point: which third of the plane (by angle) it lies in.
        let labels: [Float] = (0..<27).map { i in
            let a = atan2(Double(pts[2 * i + 1]), Double(pts[2 * i])) + Double.pi
            return Float(min(2, Int(a / (2 * Double.pi / 3))))
        }
        let data = try Dataset(image: threeClassImage(8), choice: TaskChoice(kind: .classes, classes: 3))
        XCTAssertEqual(data.outputCount, 3)
        for (engine, activation) in [
            (PortableMatrixEngine() as MatrixEngine, Activation.leakyReLU(0.1)), (OpenBLASMatrixEngine(), .relu),
        ] {
            let config = TrainingConfig(hiddenWidths: [6, 5], activation: activation, batchSize: 64, seed: 11)
            let t = try Trainer(dataset: data, config: config, engine: engine)
            let worst = worstGradientError(t, points: pts, labels: labels) { mlp in
                var s = 0.0
                for i in labels.indices {
                    let z = mlp.outputs(Double(pts[2 * i]), Double(pts[2 * i + 1]))
                    let m = z.max()!
                    s += log(z.reduce(0) { $0 + exp($1 - m) }) + m - z[Int(labels[i])]
                }
                return s / Double(labels.count)
            }
            XCTAssertLessThan(worst, 2e-3, "\(engine.name), \(activation)")
        }
    }

    func testMeanSquaredErrorGradientsMatchFiniteDifferences() throws {
        for channels in [1, 3] {
            let n = 21
            let pts = batch(n, seed: 8)
            var rng = SeededGenerator(seed: 2)
            let targets = (0..<(n * channels)).map { _ in Float(rng.unit()) }
            let data = try Dataset(
                image: threeClassImage(8), choice: TaskChoice(kind: .regression, channels: channels))
            let config = TrainingConfig(hiddenWidths: [7, 4], activation: .leakyReLU(0.05), batchSize: 64, seed: 5)
            let t = try Trainer(dataset: data, config: config, engine: OpenBLASMatrixEngine())
            let worst = worstGradientError(t, points: pts, labels: targets) { mlp in
                var s = 0.0
                for i in 0..<n {
                    let z = mlp.outputs(Double(pts[2 * i]), Double(pts[2 * i + 1]))
                    for c in 0..<channels {
                        let e = z[c] - Double(targets[i * channels + c])
                        s += e * e
                    }
                }
                return s / Double(n * channels)
            }
            XCTAssertLessThan(worst, 2e-3, "\(channels) channel(s)")
        }
    }

    private func train(_ d: Dataset, widths: [Int], steps: Int, batch: Int = 8192, seed: UInt64 = 0) throws -> Trainer {
        let batches = (d.count + batch - 1) / batch
        let config = TrainingConfig(
            hiddenWidths: widths, learningRate: 0.01, batchSize: batch, epochs: (steps + batches - 1) / batches,
            seed: seed, schedule: .cosine)
        let t = try Trainer(dataset: d, config: config, engine: OpenBLASMatrixEngine())
        for _ in 0..<config.epochs { try t.trainEpoch() }
        return t
    }

    func testLearnsThreeColourClasses() throws {
        let d = try Dataset(image: threeClassImage(48), choice: TaskChoice(kind: .classes, classes: 3))
        let t = try train(d, widths: [16, 16, 16], steps: 1500, batch: 512)
        let final = t.evaluate()
        XCTAssertGreaterThanOrEqual(final.accuracy, 0.98)
        XCTAssertNil(final.psnr)
        XCTAssertEqual(t.history.last?.psnr, nil)
        // The trained network's argmax agrees with the dataset's classes as the trainer counts.
        let mlp = t.mlp
        var right = 0
        for p in 0..<d.count where mlp.winner(Double(d.points[2 * p]), Double(d.points[2 * p + 1])) == Int(d.labels[p])
        {
            right += 1
        }
        XCTAssertEqual(Double(right) / Double(d.count), final.accuracy, accuracy: 0.002)
    }

    func testRegressionReachesAGoodPSNR() throws {
        for channels in [1, 3] {
            let img = image(40, 40) { u, v in
                (0.5 + 0.4 * sin(3 * u) * cos(2 * v), 0.3 + 0.5 * u * v, 0.8 - 0.6 * v)
            }
            let d = try Dataset(image: img, choice: TaskChoice(kind: .regression, channels: channels))
            let t = try train(d, widths: [16, 16], steps: 1500, batch: 400)
            let final = t.evaluate()
            let psnr = try XCTUnwrap(final.psnr)
            XCTAssertGreaterThan(psnr, 30, "\(channels) channel(s)")
            XCTAssertEqual(psnr, 10 * log10(1 / final.loss), accuracy: 1e-9)
            XCTAssertEqual(final.accuracy, 0)
            XCTAssertNotNil(t.history.last?.psnr)
            // The loss is the mean over pixels and channels, measured here in double precision.
            let mlp = t.mlp
            var s = 0.0
            for p in 0..<d.count {
                let z = mlp.outputs(Double(d.points[2 * p]), Double(d.points[2 * p + 1]))
                for c in 0..<channels {
                    let e = z[c] - Double(d.targets[p * channels + c])
                    s += e * e
                }
            }
            XCTAssertEqual(final.loss, s / Double(d.count * channels), accuracy: 1e-6)
        }
    }

    func testSameSeedSameClassesRun() throws {
        let d = try Dataset(image: threeClassImage(24), choice: TaskChoice(kind: .classes, classes: 3))
        XCTAssertEqual(
            try train(d, widths: [6, 6], steps: 30, batch: 100, seed: 4).mlp,
            try train(d, widths: [6, 6], steps: 30, batch: 100, seed: 4).mlp)
    }

    func testInitialNetworkMustMatchTheOutputs() throws {
        let d = try Dataset(image: threeClassImage(8), choice: TaskChoice(kind: .classes, classes: 3))
        let one = try MLP.pytorchDefault(hiddenWidths: [4], outputs: 1, activation: .relu, seed: 1)
        XCTAssertThrowsError(try Trainer(dataset: d, config: TrainingConfig(hiddenWidths: [4]), initial: one)) {
            XCTAssertTrue("\($0)".contains("3"), "\($0)")
            XCTAssertFalse("\($0)".contains("\n"))
        }
        let three = try MLP.pytorchDefault(hiddenWidths: [4], outputs: 3, activation: .relu, seed: 1)
        XCTAssertNoThrow(try Trainer(dataset: d, config: TrainingConfig(hiddenWidths: [4]), initial: three))
    }

    func testClassesAndRegressionModelFilesRoundTrip() throws {
        let classes = try Dataset(image: threeClassImage(16), choice: TaskChoice(kind: .classes, classes: 3))
        let regression = try Dataset(image: threeClassImage(16), choice: TaskChoice(kind: .regression, channels: 3))
        for d in [classes, regression] {
            let t = try train(d, widths: [5, 4], steps: 5)
            let model = ModelFile(mlp: t.mlp, domain: d.domain, task: d.task)
            let back = try ModelFile(safetensors: SafetensorsFile(data: model.safetensors.serialized(as: .f64)))
            XCTAssertEqual(back.task.kind, d.task.kind)
            XCTAssertEqual(back.task.outputCount, d.task.outputCount)
            // Class colours are stored as #rrggbb: equal to 8 bits.
            XCTAssertEqual(back.task.classColors.map(\.hex), d.task.classColors.map(\.hex))
            XCTAssertEqual(back.mlp, t.mlp)
            XCTAssertEqual(back.mlp.outputCount, d.outputCount)
        }
        XCTAssertEqual(classes.task.classColors.count, 3)
        XCTAssertEqual(regression.task, .regression(channels: 3))
    }

    func testDefaultRecipeTrainsTheBadgeSample() throws {
        // The README's classes default: cosine from lr 0.01, at least 3000 optimiser steps.
        let d = try Dataset(
            image: try ImageLoader.loadColor(Self.data.appendingPathComponent("badge160.png")),
            choice: TaskChoice(kind: .classes, classes: 4))
        XCTAssertEqual(d.task.classColors.map(\.hex), ["#f4efe1", "#1f7a8c", "#e8871e", "#22223b"])
        let t = try train(d, widths: [32, 32, 32], steps: 3000)
        XCTAssertGreaterThanOrEqual(t.evaluate().accuracy, 0.98)
    }
}
