import AppCore
import Foundation
import NeuralNet
import XCTest

/// The controls always describe the network that exists, or say what waits for Reset.
final class SettingsScenarioTests: AppCoreTestCase {
    func testOpeningAModelMakesTheSettingsMatchIt() throws {
        try withCore { core, s in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "nnviz-core-\(getpid()).safetensors")
            defer { try? FileManager.default.removeItem(at: path) }
            let mlp = try MLP.pytorchDefault(hiddenWidths: [8, 8], activation: .relu, seed: 3)
            try ModelFile(mlp: mlp, domain: .unitSquare).write(to: path)
            XCTAssertEqual(core.settings.widths, [16, 16, 16])
            core.open(path.path)
            XCTAssertNil(core.message)
            XCTAssertEqual(core.settings.widths, [8, 8])
            XCTAssertTrue(core.settings.useReLU)
            XCTAssertEqual(core.settings.uniformWidth, 8)
            XCTAssertEqual(core.pendingChanges, [], "nothing waits: the controls show the opened network")
            XCTAssertTrue(sameFloat32Weights(core.shownNetwork, mlp), "the opened weights are shown")
            XCTAssertTrue(s.run(until: { core.partition != nil }))
            XCTAssertEqual(core.partition?.hiddenWidths, [8, 8])

            // With an image open, the opened network (LeakyReLU 16×3) becomes the one that trains.
            Self.open("disk64.png", in: core, s)
            let leaky = try MLP.pytorchDefault(hiddenWidths: [16, 16, 16], activation: .leakyReLU(0.05), seed: 1)
            try ModelFile(mlp: leaky, domain: nil).write(to: path)
            core.open(path.path)
            XCTAssertEqual(core.settings.widths, [16, 16, 16])
            XCTAssertEqual(core.settings.activation, .leakyReLU(0.05))
            XCTAssertEqual(core.builtSettings?.activation, .leakyReLU(0.05))
            XCTAssertEqual(core.pendingChanges, [])
            XCTAssertTrue(sameFloat32Weights(core.liveNetwork, leaky), "the opened weights train")
        }
    }

    func testOpeningAManyInputModelSaysInOneLineHowToDrawIt() throws {
        try withCore { core, _ in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "nnviz-core-5in-\(getpid()).safetensors")
            defer { try? FileManager.default.removeItem(at: path) }
            let tensors = [
                "fc1.weight": Tensor(shape: [3, 5], values: (0..<15).map(Double.init)),
                "out.weight": Tensor(shape: [1, 3], values: [1, 1, 1]),
            ]
            try SafetensorsFile(tensors: tensors).serialized().write(to: path)
            let widths = core.settings.widths
            core.open(path.path)
            let message = try XCTUnwrap(core.message)
            XCTAssertTrue(message.contains("takes 5 inputs, not 2 (x, y)"), message)
            XCTAssertTrue(message.contains("--points DATA --through I,J,K"), message)
            XCTAssertFalse(message.contains("\n"))
            XCTAssertEqual(core.settings.widths, widths, "nothing of the refused model is taken")
        }
    }

    func testShapeEditsWaitForResetWhichBuildsExactlyWhatIsShown() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            core.setHiddenWidths(text: "32,32,32,32")
            XCTAssertEqual(core.settings.widths, [32, 32, 32, 32])
            XCTAssertEqual(core.settings.uniformWidth, 32, "the width control follows the per-layer list")
            XCTAssertEqual(core.settings.widths.count, 4, "and so does the depth")
            XCTAssertEqual(core.liveNetwork?.hiddenWidths, [16, 16, 16], "the network is untouched until Reset")
            XCTAssertEqual(core.pendingChanges, ["hidden layers 32×32×32×32"])
            core.setDepth(2)
            XCTAssertEqual(core.settings.widths, [32, 32])
            core.setWidth(8)
            XCTAssertEqual(core.settings.widths, [8, 8])
            core.setReLU(true)
            core.setSeed(5)
            XCTAssertEqual(core.pendingChanges, ["hidden layers 8×8", "ReLU", "seed 5"])
            XCTAssertTrue(core.resetSummary.contains("8×8 ReLU"))
            core.reset()
            XCTAssertNil(core.confirmation, "nothing was trained yet: no question")
            XCTAssertEqual(core.liveNetwork?.hiddenWidths, [8, 8])
            XCTAssertEqual(core.liveNetwork?.activation, .relu)
            XCTAssertTrue(
                sameFloat32Weights(
                    core.liveNetwork, try MLP.pytorchDefault(hiddenWidths: [8, 8], activation: .relu, seed: 5)))
            XCTAssertEqual(core.pendingChanges, [])

            core.setHiddenWidths(text: "8,0")
            XCTAssertNotNil(core.message, "a bad list is refused with a message")
            XCTAssertEqual(core.settings.widths, [8, 8], "and the widths stand")
        }
    }

    func testLiveSettingsApplyWithoutReset() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            core.setLearningRate(0.003)
            core.setWeightDecay(0.001)
            core.setEpochLimit(40)
            XCTAssertEqual(core.pendingChanges, [], "learning rate, weight decay and the limit apply at once")
            XCTAssertEqual(core.settings.learningRate, 0.003)
        }
    }

    func testAPendingThresholdPreviewsItsLabelsUntilReset() throws {
        try withCore { core, s in
            Self.open("badge160.png", in: core, s)
            XCTAssertNil(core.labelPreview, "no preview while the labels are those trained on")
            let trained = try XCTUnwrap(core.dataset)
            core.setThreshold(0.2)
            let preview = try XCTUnwrap(core.labelPreview, "a new threshold previews its labels at once")
            XCTAssertEqual(preview.threshold, 0.2)
            XCTAssertEqual(core.dataset?.labels, trained.labels, "the trained labels stay until Reset")
            XCTAssertGreaterThan(preview.positives, trained.positives, "a lower threshold makes more pixels dark")
            XCTAssertEqual(core.labelPreviewCaption?.hasPrefix("Labels at threshold 0.2"), true)
            core.setInvert(true)
            XCTAssertEqual(core.labelPreview?.inverted, true, "Invert is previewed too")
            XCTAssertEqual(
                core.labelPreview.map { $0.positives + preview.positives }, preview.count,
                "inverting swaps the labels")
            core.setInvert(false)
            core.setThreshold(trained.threshold)
            XCTAssertNil(core.labelPreview, "back to the trained labels, the preview goes")
            core.setThreshold(0.2)
            core.reset()
            if core.confirmation != nil { core.confirm() }
            XCTAssertTrue(s.run(until: { core.dataset?.threshold == 0.2 }), "Reset trains on the previewed labels")
            XCTAssertNil(core.labelPreview)
            XCTAssertEqual(core.dataset?.labels, preview.labels, "exactly the labels that were previewed")
        }
    }

    func testAHeldOutShareWaitsForResetAndIsScoredEveryEpoch() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            core.setTestShare(0.2)
            XCTAssertEqual(core.pendingChanges, ["20 % held out"], "the split is part of the run: it waits for Reset")
            core.reset()
            if core.confirmation != nil { core.confirm() }
            XCTAssertTrue(s.run(until: { core.pendingChanges.isEmpty }))
            Self.train(core, s, to: 30)
            let last = try XCTUnwrap(core.history.last)
            let test = try XCTUnwrap(last.test, "every epoch scores the held-out pixels")
            XCTAssertGreaterThan(test.accuracy, 0.5)
            XCTAssertTrue(core.history.entries.allSatisfy { $0.test != nil })
            core.setTestShare(0.9)
            XCTAssertEqual(core.settings.testShare, 0.2, "more than half is not a test share")
        }
    }
}
