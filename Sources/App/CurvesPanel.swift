import AppCore
import CGtk
import Drawing
import GtkKit
import NeuralNet

/// Loss, accuracy and regions per epoch, with the values under the cursor; while a past epoch is
/// shown, its values and a marker at it.
@MainActor
final class CurvesPanel {
    let widget: Widget
    private unowned let core: AppCore
    private var hoverX: Double?

    init(core: AppCore) {
        self.core = core
        widget = UI.drawingArea(width: 240, height: 190) { _, _, _ in }
        UI.accessible(
            widget, "Training curves", description: "Loss, accuracy (PSNR for a regression) and region count per epoch")
        setDrawFunction(widget) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        UI.motion(
            widget,
            move: { [unowned self] x, _ in
                self.hoverX = x
                UI.redraw(self.widget)
            },
            leave: { [unowned self] in
                self.hoverX = nil
                UI.redraw(self.widget)
            })
    }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let c = Canvas(cr: cr, width: w, height: h)
        c.textScale = core.view.textScale
        let history = core.history
        let last = history.last?.epoch ?? 0
        // At most two samples a pixel, evenly spaced in epochs (the history may be thinned).
        let n = min(last, Int(w) * 2)
        var samples: [EpochStats] = []
        samples.reserveCapacity(n)
        for k in 0..<n {
            let epoch = n == 1 ? last : 1 + (last - 1) * k / (n - 1)
            if let s = history.stats(atOrBefore: epoch) { samples.append(s) }
        }
        var regions: [Double] = []
        var lastCount = Double.nan
        let counts = core.regionCounts
        for s in samples {
            if let r = counts[s.epoch] { lastCount = Double(r) }
            regions.append(lastCount)
        }
        // The sample under the pointer, else the scrubbed epoch's.
        var marked: Int?
        if let x = hoverX {
            marked = CurvesRenderer.epoch(at: x, box: (0, 0, w, 0), epochs: samples.count)
        } else if core.isScrubbed {
            let e = core.shownEpoch
            marked = (samples.firstIndex { $0.epoch >= e } ?? samples.count - 1) + 1
        }
        let shown =
            marked.flatMap { samples.isEmpty ? nil : samples[min(max($0 - 1, 0), samples.count - 1)].epoch } ?? last
        CurvesRenderer.draw(
            c,
            [
                Curve(
                    label: "epoch \(shown): loss", values: samples.map(\.loss), color: RGBA(hex: 0xE4572E),
                    format: { String(format: "%.4f", $0) }),
                core.task.kind == .regression
                    ? Curve(
                        label: "PSNR", values: samples.map { $0.psnr ?? .nan }, color: RGBA(hex: 0x3B7DD8),
                        format: { String(format: "%.2f dB", $0) })
                    : Curve(
                        label: "accuracy", values: samples.map { $0.accuracy * 100 }, color: RGBA(hex: 0x3B7DD8),
                        format: { String(format: "%.2f %%", $0) }),
                Curve(
                    label: "regions", values: regions, color: RGBA(hex: 0x4E9A5B),
                    format: { $0.isFinite ? String(Int($0)) : "—" }),
            ], box: (0, 0, w, h), hoverEpoch: marked)
    }
}
