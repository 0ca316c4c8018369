import AppCore
import CGtk
import Drawing
import GtkKit
import NeuralNet

/// Loss, accuracy and regions per epoch (the held-out pixels' dashed beside them), with the values
/// under the cursor; while a past epoch is shown, its values and a marker at it.
@MainActor
final class CurvesPanel {
    let widget: Widget
    private let area: Widget
    private let logLoss: Widget
    private unowned let core: AppCore
    private var hoverX: Double?

    init(core: AppCore) {
        self.core = core
        area = UI.drawingArea(width: 240, height: 190) { _, _, _ in }
        UI.accessible(
            area, "Training curves",
            description:
                "Loss, accuracy (PSNR for a regression) and region count per epoch; dashed: the held-out pixels")
        logLoss = gtk_check_button_new_with_label("Loss on a log scale")!
        gtk_widget_set_focus_on_click(logLoss, 0)
        gtk_widget_set_tooltip_text(logLoss, "A loss falls by decades: a log scale keeps its late progress visible")
        widget = UI.box(true, spacing: 2)
        UI.append(widget, area, logLoss)
        setDrawFunction(area) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }
        Signal.connect(gptr(logLoss), "toggled") { [unowned self] in
            self.core.setLogLoss(gtk_check_button_get_active(cast(self.logLoss)) != 0)
        }
        UI.motion(
            area,
            move: { [unowned self] x, _ in
                self.hoverX = x
                UI.redraw(self.area)
            },
            leave: { [unowned self] in
                self.hoverX = nil
                UI.redraw(self.area)
            })
    }

    /// Redraws the curves and shows the view's scale choice.
    func refresh() {
        if (gtk_check_button_get_active(cast(logLoss)) != 0) != core.view.logLoss {
            gtk_check_button_set_active(cast(logLoss), core.view.logLoss ? 1 : 0)
        }
        UI.redraw(area)
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
        let held = samples.contains { $0.test != nil }
        var loss = Curve(
            label: "epoch \(shown): loss", values: samples.map(\.loss),
            test: held ? samples.map { $0.test?.loss ?? .nan } : nil, color: RGBA(hex: 0xE4572E),
            format: { String(format: "%.4f", $0) })
        loss.logScale = core.view.logLoss
        let quality =
            core.task.kind == .regression
            ? Curve(
                label: "PSNR", values: samples.map { $0.psnr ?? .nan },
                test: held ? samples.map { $0.test?.psnr ?? .nan } : nil, color: RGBA(hex: 0x3B7DD8),
                format: { String(format: "%.2f dB", $0) })
            : Curve(
                label: "accuracy", values: samples.map { $0.accuracy * 100 },
                test: held ? samples.map { ($0.test?.accuracy).map { $0 * 100 } ?? .nan } : nil,
                color: RGBA(hex: 0x3B7DD8), format: { String(format: "%.2f %%", $0) })
        let regionsCurve = Curve(
            label: "regions", values: regions, color: RGBA(hex: 0x4E9A5B),
            format: { $0.isFinite ? String(Int($0)) : "—" })
        CurvesRenderer.draw(
            c, [loss, quality, regionsCurve], box: (0, 0, w, h), hoverEpoch: marked,
            epochs: samples.isEmpty ? nil : samples[0].epoch...last)
    }
}
