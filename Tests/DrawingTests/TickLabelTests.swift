import Drawing
import XCTest

/// Tick labels gain digits as the view zooms in and never repeat; at the usual spacings they
/// read as they always did (the command line's figures are unchanged).
final class TickLabelTests: XCTestCase {
    func testUsualSpacingsReadAsBefore() {
        for (lo, hi) in [(-1.0, 1.0), (0.0, 1.0), (-3.0, 7.0), (-0.2, 0.2)] {
            let ticks = PlotFrame.ticks(lo, hi)
            let step = PlotFrame.step(of: ticks)
            XCTAssertEqual(ticks.map { PlotFrame.label($0, step: step) }, ticks.map { PlotFrame.label($0) })
        }
        XCTAssertEqual(PlotFrame.ticks(-1, 1).map { PlotFrame.label($0, step: 0.5) }, ["-1", "-0.5", "0", "0.5", "1"])
    }

    func testZoomedTicksNeverRepeat() {
        // Boxes around 0.3 from a tenth down to a hundred-millionth wide, and around 12345.
        var boxes = (1...8).map { k -> (Double, Double) in
            let w = pow(10, -Double(k))
            return (0.3 - w / 3, 0.3 + w / 2)
        }
        boxes += [(12_345.0, 12_345.002), (-0.000_01, 0.000_03), (2.5e-7, 9.9e-7)]
        for (lo, hi) in boxes {
            let ticks = PlotFrame.ticks(lo, hi)
            let labels = ticks.map { PlotFrame.label($0, step: PlotFrame.step(of: ticks)) }
            XCTAssertGreaterThan(ticks.count, 1, "[\(lo), \(hi)]")
            XCTAssertEqual(Set(labels).count, labels.count, "[\(lo), \(hi)]: \(labels)")
            for (t, l) in zip(ticks, labels) {
                let read = Double(l) ?? .nan
                XCTAssertEqual(read, t, accuracy: PlotFrame.step(of: ticks) * 0.01, "\(l) reads as \(t)")
            }
        }
    }
}
