import AppCore
import Foundation
import NeuralNet
import Regions
import XCTest

/// Zoomed in, the inspector still reports the region's true area and the whole domain's count,
/// and says which number is which.
final class InspectorZoomTests: AppCoreTestCase {
    func testZoomedInTheInspectorGivesTheWholeRegion() throws {
        try withCore { core, s in
            Self.open("disk64.png", in: core, s)
            Self.train(core, s, to: 20)
            XCTAssertTrue(s.run(until: { core.partitionEpoch == 20 }), "the trained network's partition")
            let full = try XCTUnwrap(core.partition)
            let point = Point(0.31, -0.27)
            let g = try XCTUnwrap(full.face(at: point))
            core.zoom(by: 0.25, about: point)
            XCTAssertTrue(s.run(until: { core.partition?.domain == core.viewBox }))
            core.hover(at: point)
            let report = try XCTUnwrap(InspectorReport.make(core))
            XCTAssertTrue(report.title.contains("in the zoomed view"), report.title)
            XCTAssertTrue(report.title.contains("(\(full.faceCount) in the whole domain at epoch 20)"), report.title)
            let mlp = try XCTUnwrap(core.partitionNetwork)
            let whole = ActivationRegion(mlp, in: core.domain) { l, j in full.isActive(face: g, layer: l, index: j) }
            XCTAssertEqual(whole.area, full.areas[g], accuracy: 1e-9)
            XCTAssertTrue(report.slopeAndArea.contains("(the whole region;"), report.slopeAndArea)
        }
    }
}
