import AppCore
import XCTest

/// The projector text size: Ctrl+plus / Ctrl+minus step it, it stays within its range, Ctrl+0
/// brings back exactly 1, and each change is announced as a view change.
final class TextScaleTests: AppCoreTestCase {
    func testTextScaleStepsClampsAndResets() throws {
        try withCore { core, _ in
            var changes: [ChangeSet] = []
            core.observe { changes.append($0) }
            XCTAssertEqual(core.view.textScale, 1)
            core.zoomText(by: 1.1)
            XCTAssertEqual(core.view.textScale, 1.1, accuracy: 1e-9)
            XCTAssertTrue(changes.last?.contains(.view) == true, "a text size change is a view change")
            for _ in 0..<20 { core.zoomText(by: 1.1) }
            XCTAssertEqual(core.view.textScale, ViewOptions.textScaleRange.upperBound)
            for _ in 0..<40 { core.zoomText(by: 1 / 1.1) }
            XCTAssertEqual(core.view.textScale, ViewOptions.textScaleRange.lowerBound)
            core.setTextScale(1)
            XCTAssertEqual(core.view.textScale, 1)
            let before = changes.count
            core.setTextScale(1)
            XCTAssertEqual(changes.count, before, "setting the same size announces nothing")
        }
    }
}
