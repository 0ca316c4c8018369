import Drawing
import FastMatrix
import Foundation
import NeuralNet
import XCTest

/// A held-out share of the pixels: chosen by the seed, never trained on, scored every epoch
/// exactly as a direct forward pass scores it.
final class TestShareTests: XCTestCase {
    override func setUp() { OpenBLASMatrixEngine.setThreads(1) }

    private func disk() throws -> Dataset {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../data/disk64.png").standardized
        return Dataset(image: try ImageLoader.load(url))
    }

    func testTheSplitIsSeededDisjointAndComplete() throws {
        let d = try disk()
        var config = TrainingConfig(hiddenWidths: [8, 8], seed: 3)
        config.testShare = 0.2
        let a = try Trainer(dataset: d, config: config)
        let b = try Trainer(dataset: d, config: config)
        XCTAssertEqual(a.testRows, b.testRows, "the same seed holds out the same pixels")
        XCTAssertEqual(a.testRows.count, Int((Double(d.count) * 0.2).rounded()))
        XCTAssertEqual(Set(a.testRows).count, a.testRows.count)
        config.seed = 4
        XCTAssertNotEqual(try Trainer(dataset: d, config: config).testRows, a.testRows, "another seed, other pixels")
        // Spread over the image: each quarter of the rows holds some of them.
        for q in 0..<4 {
            let range = Int32(q * d.count / 4)..<Int32((q + 1) * d.count / 4)
            XCTAssertGreaterThan(a.testRows.filter { range.contains($0) }.count, a.testRows.count / 8)
        }
        XCTAssertEqual(a.batchesPerEpoch, 1, "an epoch covers the training pixels only")
    }

    func testNoShareTrainsExactlyAsBefore() throws {
        let d = try disk()
        let plain = try Trainer(dataset: d, config: TrainingConfig(hiddenWidths: [8, 8], batchSize: 512, seed: 1))
        var config = TrainingConfig(hiddenWidths: [8, 8], batchSize: 512, seed: 1)
        config.testShare = 0
        let zero = try Trainer(dataset: d, config: config)
        for _ in 0..<3 {
            let s = try plain.trainEpoch()
            let z = try zero.trainEpoch()
            XCTAssertNil(z.test)
            XCTAssertEqual(s.loss, z.loss)
        }
        XCTAssertEqual(plain.mlp, zero.mlp)
    }

    func testTheHeldOutScoreIsAForwardPassOverTheHeldOutPixels() throws {
        let d = try disk()
        var config = TrainingConfig(hiddenWidths: [8, 8], learningRate: 0.01, batchSize: 256, seed: 2)
        config.testShare = 0.25
        let t = try Trainer(dataset: d, config: config, engine: OpenBLASMatrixEngine())
        var stats = try t.trainEpoch()
        for _ in 0..<20 { stats = try t.trainEpoch() }
        let test = try XCTUnwrap(stats.test)
        let mlp = t.mlp
        var loss = 0.0
        var right = 0
        for r in t.testRows {
            let z = mlp.logit(Double(d.points[2 * Int(r)]), Double(d.points[2 * Int(r) + 1]))
            let y = Double(d.labels[Int(r)])
            loss += max(z, 0) - z * y + log(1 + exp(-abs(z)))
            if (z > 0) == (y > 0.5) { right += 1 }
        }
        XCTAssertEqual(test.loss, loss / Double(t.testRows.count), accuracy: 1e-4)
        XCTAssertEqual(
            test.accuracy, Double(right) / Double(t.testRows.count), accuracy: 1.5 / Double(t.testRows.count))
        XCTAssertGreaterThan(test.accuracy, 0.8, "the disk generalises to pixels it never saw")
    }

    func testAnAbsurdShareIsRefused() throws {
        var config = TrainingConfig(hiddenWidths: [8])
        config.testShare = 0.9
        XCTAssertThrowsError(try Trainer(dataset: try disk(), config: config)) { error in
            XCTAssertEqual("\(error)".contains("test share must be between 0 and 0.5"), true, "\(error)")
        }
    }
}
