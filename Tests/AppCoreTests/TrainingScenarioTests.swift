import AppCore
import Foundation
import NeuralNet
import Regions
import XCTest

/// Training never loses work without a question, goes on past a raised limit, and branches
/// from any snapshot.
final class TrainingScenarioTests: AppCoreTestCase {
    func testRaisingTheLimitLetsPlayContinue() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            Self.train(core, s, to: 5)
            XCTAssertEqual(core.liveEpoch, 5, "training stops at the limit")
            core.play()
            XCTAssertTrue(core.message?.contains("limit") == true, "Play at the limit says how to go on")
            core.setEpochLimit(9)
            core.play()
            XCTAssertTrue(
                s.run(until: { core.liveEpoch == 9 && !core.isTraining }, timeout: 30),
                "Play continues to the new limit")
            XCTAssertEqual(core.history.last?.epoch, 9)
            XCTAssertEqual(core.history.count, 9, "every epoch in the history, once")
        }
    }

    func testDiscardingATrainedRunAsksFirst() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            Self.train(core, s, to: 3)
            let trained = core.liveNetwork
            core.reset()
            XCTAssertEqual(core.confirmation?.action, .reset)
            XCTAssertEqual(core.liveEpoch, 3, "nothing happens before the answer")
            core.cancelConfirmation()
            XCTAssertNil(core.confirmation)
            XCTAssertEqual(core.liveNetwork, trained, "cancel keeps the run")

            core.open(Self.sample("smiley96.png"))
            XCTAssertEqual(core.confirmation?.action, .open(path: Self.sample("smiley96.png")))
            XCTAssertTrue(core.imagePath?.hasSuffix("disk64.png") == true)
            core.cancelConfirmation()

            XCTAssertFalse(core.requestQuit(), "quitting asks too")
            XCTAssertEqual(core.confirmation?.action, .quit)
            core.cancelConfirmation()
            XCTAssertFalse(core.quitConfirmed)

            // Saved weights are not lost work.
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "nnviz-saved-\(getpid()).safetensors")
            defer { try? FileManager.default.removeItem(at: path) }
            core.saveModel(to: path.path)
            XCTAssertTrue(core.notice?.contains(path.path) == true, "the save is confirmed with its path")
            XCTAssertTrue(core.requestQuit())

            core.reset()
            XCTAssertNil(core.confirmation)
            XCTAssertEqual(core.liveEpoch, 0)
            Self.train(core, s, to: 2)
            core.reset()
            core.confirm()
            XCTAssertEqual(core.liveEpoch, 0, "a confirmed reset starts over")
            XCTAssertEqual(core.history.count, 0)
        }
    }

    func testResumeFromASnapshotDropsTheLaterEpochs() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            Self.train(core, s, to: 30)
            let entries = core.timeline.entries.map(\.epoch)
            XCTAssertEqual(entries, [0, 10, 20, 30], "a snapshot every 10 epochs")
            let ten = try XCTUnwrap(core.timeline.index(nearest: 10))
            core.scrub(to: ten)
            XCTAssertEqual(core.shownEpoch, 10)
            XCTAssertEqual(core.shownStats?.epoch, 10, "the status line follows the scrubbed epoch")
            XCTAssertEqual(core.shownNetwork, core.timeline[ten].mlp)
            XCTAssertTrue(s.run(until: { core.partitionNetwork == core.timeline[ten].mlp }), "its exact partition")

            core.setThreshold(0.3)
            core.setSeed(7)
            core.resume(fromSnapshot: ten, thenPlay: false)
            XCTAssertEqual(core.confirmation?.action, .resume(epoch: 10, play: false))
            core.confirm()
            XCTAssertFalse(core.isScrubbed)
            XCTAssertEqual(
                core.pendingChanges, ["threshold 0.3", "seed 7"], "resuming applies none of the pending changes")
            XCTAssertTrue(
                s.run(until: { core.liveEpoch == 11 && !core.isTraining }, timeout: 30), "one step from epoch 10")
            XCTAssertEqual(core.history.last?.epoch, 11)
            XCTAssertEqual(core.history.count, 11, "epochs 12–30 were dropped")
            XCTAssertEqual(core.timeline.entries.map(\.epoch).filter { $0 > 11 }, [])
            XCTAssertFalse(core.liveNetwork == core.timeline[ten].mlp, "it trained on from the snapshot's weights")
        }
    }

    func testPlayWhileScrubbedResumesFromTheShownEpoch() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            Self.train(core, s, to: 20)
            core.scrub(to: 1)
            core.play()
            XCTAssertEqual(
                core.confirmation?.action, .resume(epoch: 10, play: true), "Play asks to branch, never jumps to live")
            core.cancelConfirmation()
            XCTAssertEqual(core.shownEpoch, 10, "cancel stays on the scrubbed epoch")
        }
    }

    func testEveryPauseIsReported() throws {
        try withCore { core, s in
            Self.open("spirals128.png", in: core, s)
            core.setEpochLimit(1_000_000)
            var rng = SeededGenerator(seed: 4)
            for round in 0..<25 {
                core.play()
                XCTAssertTrue(s.run(until: { core.isTraining }, timeout: 10), "round \(round): training starts")
                usleep(UInt32(rng.next() % 20_000))
                s.runPending()
                core.pause()
                XCTAssertTrue(s.run(until: { !core.isTraining }, timeout: 10), "round \(round): the pause is reported")
            }
        }
    }

    func testStalePartitionsNeverReplaceNewerOnes() throws {
        try withCore { core, s in
            Self.open("spirals128.png", in: core, s)
            core.setEpochLimit(1_000_000)
            core.play()
            // Zoom around while training: results for old boxes and old weights must lose.
            for k in 0..<30 {
                core.zoom(by: k % 2 == 0 ? 0.8 : 1.2, about: Point(0.1, -0.2))
                s.runPending()
                usleep(2000)
            }
            core.pause()
            XCTAssertTrue(s.run(until: { !core.isTraining }))
            XCTAssertTrue(
                s.run(
                    until: { core.partition?.domain == core.viewBox && core.partitionNetwork == core.liveNetwork },
                    timeout: 20),
                "the newest box and weights win")
            core.scrub(to: 0)
            XCTAssertTrue(s.run(until: { core.partitionNetwork == core.timeline[0].mlp }, timeout: 20))
            s.run(until: { false }, timeout: 0.3)
            XCTAssertEqual(
                core.partitionNetwork, core.shownNetwork, "no late live partition overwrote the scrubbed one")
            XCTAssertEqual(core.partition?.domain, core.viewBox)
        }
    }
}
