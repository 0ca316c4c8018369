import AppCore
import Foundation
import NeuralNet
import Regions
import XCTest

/// The timeline and the history stay within their bounds, dense for recent epochs.
final class BoundedRecordTests: XCTestCase {
    func testTimelineKeepsRecentEpochsDenseAndOlderOnesSparse() throws {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [4], activation: .relu, seed: 0)
        var t = Timeline(capacity: 64)
        for e in stride(from: 0, through: 1_000_000, by: 10) { t.append(epoch: e, mlp: mlp) }
        XCTAssertLessThanOrEqual(t.count, 64)
        XCTAssertEqual(t.entries.first?.epoch, 0, "the start is kept")
        XCTAssertEqual(t.entries.last?.epoch, 1_000_000, "the newest is kept")
        let gaps = zip(t.entries.dropFirst(), t.entries).map { $0.epoch - $1.epoch }
        XCTAssertEqual(gaps.last, 10, "the newest epochs are dense")
        // Gaps never grow towards the present (ignoring the first, which spans to epoch 0).
        for (older, newer) in zip(gaps.dropFirst(), gaps.dropFirst(2)) { XCTAssertGreaterThanOrEqual(older, newer) }
        t.truncate(after: 500_000)
        XCTAssertLessThanOrEqual(t.entries.last?.epoch ?? .max, 500_000)
        XCTAssertEqual(t.index(nearest: 0), 0)
    }

    func testTimelineCapacityFollowsTheNetworksSize() {
        XCTAssertEqual(Timeline(parameterCount: 609).capacity, Timeline.maxEntries, "16×3: the count bound")
        let big = Timeline(parameterCount: 256 * 256 * 4)
        XCTAssertLessThanOrEqual(big.capacity * 256 * 256 * 4 * 8, Timeline.budgetBytes, "256×4: the memory bound")
        XCTAssertGreaterThanOrEqual(big.capacity, Timeline.minEntries)
    }

    func testHistoryIsBoundedAndFindsEpochs() {
        var h = TrainingHistory(capacity: 1000)
        for e in 1...100_000 {
            h.append(contentsOf: [
                EpochStats(epoch: e, loss: 1 / Double(e), accuracy: 0.5, learningRate: 0.01, seconds: 0)
            ])
        }
        XCTAssertLessThanOrEqual(h.count, 1000)
        XCTAssertEqual(h.last?.epoch, 100_000)
        XCTAssertEqual(h.stats(atOrBefore: 99_999)?.epoch, 99_999, "recent epochs are all there")
        let old = h.stats(atOrBefore: 1234)
        XCTAssertNotNil(old)
        XCTAssertLessThanOrEqual(old?.epoch ?? .max, 1234)
        XCTAssertNil(h.stats(atOrBefore: 0))
        h.truncate(after: 50_000)
        XCTAssertEqual(h.last.map { $0.epoch <= 50_000 }, true)
    }

    func testSettingsParseWidthsAsPeopleTypeThem() {
        XCTAssertEqual(try TrainingSettings.parseWidths("16, 16,8").get(), [16, 16, 8])
        XCTAssertEqual(try TrainingSettings.parseWidths("32×32").get(), [32, 32])
        XCTAssertThrowsError(try TrainingSettings.parseWidths("").get())
        XCTAssertThrowsError(try TrainingSettings.parseWidths("16,abc").get())
        XCTAssertThrowsError(try TrainingSettings.parseWidths("0").get())
        XCTAssertThrowsError(try TrainingSettings.parseWidths("600").get())
    }
}

/// The sample the window opens with is a resource of the core, found from any working folder.
final class BundledSampleTests: XCTestCase {
    func testTheSampleIsFoundFromAnyWorkingFolder() throws {
        let before = FileManager.default.currentDirectoryPath
        defer { _ = FileManager.default.changeCurrentDirectoryPath(before) }
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath("/"))
        let path = try XCTUnwrap(BundledSample.path)
        XCTAssertTrue(path.hasPrefix("/"), "an absolute path: \(path)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertNoThrow(try TestImages().loadColor(path: path, maxSide: 512))
    }
}
