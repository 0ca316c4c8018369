import AppCore
import NeuralNet
import XCTest

/// The training video's range and stride pick the timeline snapshots a person expects.
final class VideoSelectionTests: XCTestCase {
    private func timeline(_ epochs: [Int]) throws -> Timeline {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [4], activation: .relu, seed: 0)
        var t = Timeline(capacity: 1000)
        for e in epochs { t.append(epoch: e, mlp: mlp) }
        return t
    }

    func testTheDefaultIsEverySnapshot() throws {
        let t = try timeline([0, 1, 2, 3, 5, 8, 13])
        let all = VideoSelection(all: t)
        XCTAssertEqual(all.entries(of: t).map(\.epoch), [0, 1, 2, 3, 5, 8, 13])
        XCTAssertEqual(all.framesPerSecond, 10)
        XCTAssertEqual(all.summary(of: t), "7 frames · 0.7 s")
        XCTAssertNil(all.problem(in: t))
    }

    func testAStrideInEpochsKeepsTheEndOfTheRange() throws {
        let t = try timeline(Array(0...100))
        var s = VideoSelection(firstEpoch: 10, lastEpoch: 95, everyEpochs: 20, framesPerSecond: 5)
        XCTAssertEqual(s.entries(of: t).map(\.epoch), [10, 30, 50, 70, 95], "90 is too close to 95: the end wins")
        XCTAssertEqual(s.summary(of: t), "5 frames · 1.0 s")
        s.everyEpochs = 1000
        XCTAssertEqual(s.entries(of: t).map(\.epoch), [10, 95], "the first and last of the range")
        // Uneven snapshots (an older, thinned part of the run): the gaps count epochs, not entries.
        let uneven = try timeline([0, 16, 32, 48, 64, 72, 80, 84, 88, 90, 92, 94])
        let u = VideoSelection(firstEpoch: 0, lastEpoch: 94, everyEpochs: 10, framesPerSecond: 10)
        XCTAssertEqual(u.entries(of: uneven).map(\.epoch), [0, 16, 32, 48, 64, 80, 94])
    }

    func testImpossibleChoicesAreExplainedInOneLine() throws {
        let t = try timeline([0, 10, 20])
        XCTAssertNotNil(VideoSelection(all: try timeline([])).problem(in: try timeline([])))
        let backwards = VideoSelection(firstEpoch: 20, lastEpoch: 10, everyEpochs: 1, framesPerSecond: 10)
        XCTAssertEqual(backwards.problem(in: t), "The first epoch must not come after the last.")
        let gap = VideoSelection(firstEpoch: 11, lastEpoch: 19, everyEpochs: 1, framesPerSecond: 10)
        XCTAssertEqual(gap.problem(in: t), "No snapshot of the run lies between those epochs.")
        let fast = VideoSelection(firstEpoch: 0, lastEpoch: 20, everyEpochs: 1, framesPerSecond: 500)
        XCTAssertEqual(fast.problem(in: t), "Frames per second must be 1–60.")
    }
}
