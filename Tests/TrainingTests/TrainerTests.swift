import Drawing
import FastMatrix
import Foundation
import NeuralNet
import XCTest

final class TrainerTests: XCTestCase {
    // Small products run fastest on one thread, as the command line chooses for these widths.
    override func setUp() { OpenBLASMatrixEngine.setThreads(1) }

    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data")
        .standardized

    private func sample(_ name: String) throws -> Dataset {
        Dataset(image: try ImageLoader.load(Self.data.appendingPathComponent(name)))
    }

    func testDefaultRecipeTrainsTheBundledSamples() throws {
        // The README's defaults: cosine schedule from lr 0.01, at least 3000 optimiser steps.
        for (name, widths, target) in [("disk64.png", [8, 8], 0.98), ("spirals128.png", [16, 16, 16], 0.95)] {
            let d = try sample(name)
            let batches = (d.count + 8191) / 8192
            let config = TrainingConfig(
                hiddenWidths: widths, learningRate: 0.01, epochs: max(300, 3000 / batches), schedule: .cosine)
            let t = try Trainer(dataset: d, config: config, engine: OpenBLASMatrixEngine())
            let first = try t.trainEpoch()
            for _ in 1..<config.epochs { try t.trainEpoch() }
            let final = t.evaluate()
            XCTAssertGreaterThanOrEqual(final.accuracy, target, "\(name) with \(widths)")
            XCTAssertLessThan(final.loss, first.loss / 4, "\(name): the loss falls")
        }
    }

    func testOriginalRecipeLeavesTheDiskUntrained() throws {
        // lr 1e-3, constant, 300 epochs of one full batch: what the original tool measured (71.7 %).
        let d = try sample("disk64.png")
        let t = try Trainer(dataset: d, config: TrainingConfig(hiddenWidths: [8, 8]), engine: OpenBLASMatrixEngine())
        for _ in 0..<300 { try t.trainEpoch() }
        XCTAssertEqual(
            t.evaluate().accuracy, 1 - Double(d.positives) / Double(d.count), accuracy: 0.01,
            "stays at the majority class")
    }

    func testSameSeedSameRunDifferentSeedDifferentRun() throws {
        let d = try sample("disk64.png")
        func run(_ seed: UInt64) throws -> MLP {
            let t = try Trainer(
                dataset: d,
                config: TrainingConfig(
                    hiddenWidths: [6, 6], learningRate: 0.01, batchSize: 512, epochs: 3, seed: seed),
                engine: OpenBLASMatrixEngine())
            for _ in 0..<3 { try t.trainEpoch() }
            return t.mlp
        }
        XCTAssertEqual(try run(4), try run(4))
        XCTAssertNotEqual(try run(4), try run(5))
    }

    func testDivergenceStopsAndKeepsFiniteWeights() throws {
        let d = try sample("spirals128.png")
        let t = try Trainer(
            dataset: d, config: TrainingConfig(hiddenWidths: [16, 16], learningRate: 1e30, batchSize: 256, epochs: 5),
            engine: OpenBLASMatrixEngine())
        XCTAssertThrowsError(try { for _ in 0..<5 { try t.trainEpoch() } }()) { error in
            guard case TrainingError.diverged = error else { return XCTFail("\(error)") }
        }
        let mlp = t.mlp
        XCTAssert(mlp.layers.allSatisfy { $0.weight.allSatisfy(\.isFinite) && $0.bias.allSatisfy(\.isFinite) })
    }

    func testInvalidConfigurationsAreRefused() {
        let d = Dataset(image: GreyImage(width: 2, height: 1, pixels: [0, 1]))
        for config in [
            TrainingConfig(hiddenWidths: []), TrainingConfig(hiddenWidths: [0]),
            TrainingConfig(hiddenWidths: [100_000]),
            TrainingConfig(hiddenWidths: [4], learningRate: .nan), TrainingConfig(hiddenWidths: [4], learningRate: -1),
            TrainingConfig(hiddenWidths: [4], batchSize: 0), TrainingConfig(hiddenWidths: [4], epochs: -1),
        ] {
            XCTAssertThrowsError(try Trainer(dataset: d, config: config), "\(config)")
        }
    }
}

final class DatasetTests: XCTestCase {
    func testPixelCentresLabelsAndAspect() {
        // 4 × 2 image: the long side spans [-1, 1], y up, top row first.
        let img = GreyImage(width: 4, height: 2, pixels: [0, 0.2, 0.6, 1, 1, 0.49, 0.51, 0])
        let d = Dataset(image: img)
        XCTAssertEqual(d.domain, Domain(x0: -1, x1: 1, y0: -0.5, y1: 0.5))
        XCTAssertEqual(d.points[0], -0.75)
        XCTAssertEqual(d.points[1], 0.25)  // top-left pixel centre
        XCTAssertEqual(d.points[14], 0.75)
        XCTAssertEqual(d.points[15], -0.25)  // bottom-right
        XCTAssertEqual(d.labels, [1, 1, 0, 0, 0, 1, 0, 1])  // darkness > 0.5
        XCTAssertEqual(d.positives, 4)
        XCTAssertEqual(Dataset(image: img, invert: true).labels, [0, 0, 1, 1, 1, 0, 1, 0])
        XCTAssertEqual(Dataset(image: img, threshold: 0.7).labels, [1, 1, 0, 0, 0, 0, 0, 1])
        let tall = Dataset.defaultDomain(width: 3, height: 6)
        XCTAssertEqual(tall, Domain(x0: -0.5, x1: 0.5, y0: -1, y1: 1))
    }

    func testAreaAverageDownsampling() {
        let img = GreyImage(width: 4, height: 4, pixels: [0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0.5, 0.5, 1, 1, 0.5, 0.5])
        let small = img.downsampled(maxSide: 2)
        XCTAssertEqual(small.width, 2)
        XCTAssertEqual(small.pixels, [0, 1, 1, 0.5])
        XCTAssertEqual(img.downsampled(maxSide: 8), img, "no upsampling")
        let odd = GreyImage(width: 3, height: 1, pixels: [0, 1, 0]).downsampled(maxSide: 2)
        XCTAssertEqual(odd.width, 2)
        XCTAssertEqual(odd.pixels[0], 1.0 / 3, accuracy: 1e-12)  // 1 px of 0 and half of 1, over 1.5 px
    }
}
