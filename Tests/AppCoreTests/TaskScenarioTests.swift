import AppCore
import Foundation
import NeuralNet
import Regions
import XCTest

/// The task control: colour classes and regression wait for Reset like the shape, relabel the
/// loaded image, change what the view offers, and survive a save and reopen.
final class TaskScenarioTests: AppCoreTestCase {
    /// A 48×48 picture in three flat colours: a red disc and a blue bar on white.
    static func threeColourImage() throws -> String {
        let n = 48
        var bytes = [UInt8]("P6\n\(n) \(n)\n255\n".utf8)
        for j in 0..<n {
            for i in 0..<n {
                let dx = Double(i) - 16
                let dy = Double(j) - 18
                if dx * dx + dy * dy < 120 {
                    bytes += [220, 30, 40]
                } else if i > 30 && j > 8 && j < 44 {
                    bytes += [30, 60, 200]
                } else {
                    bytes += [255, 255, 255]
                }
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-three-\(getpid()).ppm")
        try Data(bytes).write(to: url)
        return url.path
    }

    func testClassesWaitForResetThenRelabelTheImage() throws {
        let image = try Self.threeColourImage()
        defer { try? FileManager.default.removeItem(atPath: image) }
        try withCore { core, s in
            core.open(image)
            XCTAssertTrue(s.run(until: { core.partition != nil }))
            XCTAssertEqual(core.task, .binary)
            XCTAssertEqual(core.view.coloring, .pattern)

            core.setTask(.classes)
            core.setClassCount(3)
            XCTAssertEqual(core.pendingChanges, ["task: 3 colour classes"], "a new task waits for Reset")
            XCTAssertEqual(core.task, .binary, "the shown network keeps its task until then")
            XCTAssertTrue(core.resetSummary.contains("3 colour classes"))
            core.reset()
            XCTAssertEqual(core.pendingChanges, [])
            XCTAssertEqual(core.task.kind, .classes)
            XCTAssertEqual(core.task.outputCount, 3)
            XCTAssertEqual(core.dataset?.outputCount, 3)
            XCTAssertEqual(core.liveNetwork?.outputCount, 3, "the network has one logit per class")
            XCTAssertEqual(core.view.coloring, .classes, "a new kind of task starts on its natural colouring")
            let reds = core.task.classColors.filter { $0.r > 0.6 && $0.g < 0.3 }
            XCTAssertEqual(reds.count, 1, "one class keeps the disc's red: \(core.task.classColors)")

            Self.train(core, s, to: 200)
            XCTAssertTrue(
                s.run(until: { core.partitionNetwork == core.liveNetwork && core.partition != nil }), "a partition")
            let p = try XCTUnwrap(core.partition)
            XCTAssertEqual(p.outputCount, 3)
            XCTAssertGreaterThan(core.history.last?.accuracy ?? 0, 0.9, "three flat colours are easy to learn")

            core.hover(at: Point(-0.3, 0.2))
            let report = try XCTUnwrap(InspectorReport.make(core))
            XCTAssertEqual(report.formulas.count, 3, "every class's map")
            XCTAssertEqual(report.formulas.compactMap(\.color), core.task.classColors.map(\.hex))
            XCTAssertTrue(report.atPointer?.contains("wins by") == true, report.plainText)

            // Only the outputs the task has can be chosen.
            core.setOutput(2)
            XCTAssertEqual(core.view.output, 2)
            core.setOutput(3)
            XCTAssertEqual(core.view.output, 2, "there is no fourth class")
            core.setColoring(.reconstruction)
            XCTAssertEqual(core.view.coloring, .classes, "a classifier reconstructs no picture")

            // A saved classifier reopens as the same task with the same colours.
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "nnviz-classes-\(getpid()).safetensors")
            defer { try? FileManager.default.removeItem(at: path) }
            core.saveModel(to: path.path)
            let colours = core.task.classColors
            core.setTask(.binary)
            core.reset()
            XCTAssertEqual(core.task, .binary)
            core.open(path.path)
            XCTAssertNil(core.message)
            XCTAssertEqual(core.task.classColors.count, 3)
            XCTAssertEqual(core.settings.task.kind, .classes, "the controls describe the opened model's task")
            XCTAssertEqual(core.settings.task.classes, 3)
            XCTAssertEqual(core.pendingChanges, [])
            XCTAssertEqual(core.liveNetwork?.outputCount, 3)
            XCTAssertEqual(
                core.task.classColors.map(\.hex), colours.map(\.hex), "the image relabelled the same way")
        }
    }

    func testRegressionReportsPSNRAndOffersTheReconstruction() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            // 64 × 64 pixels are one batch an epoch: the limit makes the 3000 batches classes get.
            XCTAssertEqual(core.settings.epochLimit, 3000)
            core.setTask(.regression)
            core.setChannels(3)
            XCTAssertEqual(core.pendingChanges, ["task: RGB regression"])
            XCTAssertEqual(core.settings.learningRate, 0.01, "the running binary task keeps its rate until Reset")
            core.reset()
            XCTAssertEqual(core.task, .regression(channels: 3))
            XCTAssertEqual(core.settings.learningRate, 0.03, "a default rate follows the task to its own default")
            XCTAssertEqual(core.settings.epochLimit, 6000, "and a default limit to a regression's 6000 batches")
            XCTAssertEqual(core.view.coloring, .reconstruction)
            Self.train(core, s, to: 10)
            let psnr = try XCTUnwrap(core.history.last?.psnr, "a regression reports PSNR")
            XCTAssertGreaterThan(psnr, 5)
            XCTAssertTrue(
                s.run(until: { core.partitionNetwork == core.liveNetwork && core.partition != nil }), "a partition")
            core.hover(at: Point(0, 0))
            let report = try XCTUnwrap(InspectorReport.make(core))
            XCTAssertEqual(report.formulas.map { String($0.text.prefix(1)) }, ["R", "G", "B"])
            XCTAssertTrue(report.pixels?.contains("dB") == true, report.plainText)

            // The threshold means nothing to a regression: it never waits for Reset.
            core.setThreshold(0.3)
            XCTAssertEqual(core.pendingChanges, [])
        }
    }
}
