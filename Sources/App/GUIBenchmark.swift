import CGtk
import Foundation
import GtkKit
import NeuralNet
import Regions

/// `nnviz gui --bench`: the window's speed figures, measured in the real window.
@MainActor
final class GUIBenchmark {
    private let window: MainWindow
    private let launch: Double
    private let done: @MainActor () -> Void
    private var report: [String] = []
    private var times: [Double] = []
    private var counter = 0
    private var rng = SeededGenerator(seed: 1)
    private var started = 0.0
    private var startEpoch = 0
    private var lastGeneration = 0
    private var model: AppModel { window.model }

    init(window: MainWindow, launchedAt launch: Double, done: @escaping @MainActor () -> Void) {
        self.window = window
        self.launch = launch
        self.done = done
    }

    private static func now() -> Double { ProcessInfo.processInfo.systemUptime }
    private static func quantile(_ v: [Double], _ q: Double) -> Double {
        let s = v.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * q))]
    }

    func start() {
        trace("start")
        report.append(String(format: "window shown          %.0f ms after launch (first region-map frame)", (Self.now() - launch) * 1000))
        // Hover at ~50 000 faces: a redraw paints the cached face layer and the highlight.
        model.show(network: try! MLP.pytorchDefault(hiddenWidths: [200, 200, 200], activation: .relu, seed: 0), domain: .unitSquare)
        Self.waitFor({ [unowned self] in (self.model.partition?.faceCount ?? 0) > 40_000 }) { [unowned self] in
            self.drawMap(frames: 3) { [unowned self] in self.counter = 0; self.times = []; self.hoverOnce() }
        }
    }

    private func trace(_ s: String) { if ProcessInfo.processInfo.environment["NNVIZ_TRACE"] != nil { print("bench: \(s)") } }

    private func hoverOnce() {
        trace("hover \(counter)")
        guard counter < 120 else {
            report.append(String(format: "hover redraw          median %.2f ms, p95 %.2f ms at %d faces (face layer rebuilt only when the partition or view changes: %.0f ms)",
                                 Self.quantile(times, 0.5), Self.quantile(times, 0.95), model.partition?.faceCount ?? 0, window.map.lastCacheMilliseconds))
            startRotation()
            return
        }
        counter += 1
        model.hover(at: Point(rng.symmetric(0.95), rng.symmetric(0.95)))
        drawMap(frames: 1) { [unowned self] in self.times.append(self.window.map.lastDrawMilliseconds); self.hoverOnce() }
    }

    private func startRotation() {
        model.show(network: try! MLP.pytorchDefault(hiddenWidths: [112, 112, 112], activation: .relu, seed: 0), domain: .unitSquare)
        Self.waitFor({ [unowned self] in (self.model.partition?.faceCount ?? 0) > 15_000 && (self.model.partition?.faceCount ?? 0) < 30_000 }) { [unowned self] in
            self.counter = 0
            self.times = []
            self.started = Self.now()
            self.rotateOnce()
        }
    }

    private func rotateOnce() {
        trace("rotate \(counter) draws \(window.surface.drawCount)")
        guard counter < 60 else {
            let fps = Double(counter) / (Self.now() - started)
            report.append(String(format: "3-D rotation          %.1f frames/s (draw median %.1f ms) at %d faces", fps, Self.quantile(times, 0.5), model.partition?.faceCount ?? 0))
            startLive()
            return
        }
        counter += 1
        model.surfaceView.azimuth += 3
        Self.drawFrames(window.surface.widget, 1, drawn: { [unowned self] in self.window.surface.drawCount }) { [unowned self] in
            self.times.append(self.window.surface.lastDrawMilliseconds)
            self.rotateOnce()
        }
    }

    private func startLive() {
        guard let sample = GUI.bundledSample() else { report.append("live training         skipped: bundled sample not found"); finish(); return }
        model.settings.widths = [16, 16, 16]
        model.settings.epochs = 100_000
        model.loadImage(sample)
        Self.waitFor({ [unowned self] in self.model.partition != nil && self.model.live != nil }) { [unowned self] in
            self.counter = 0
            self.lastGeneration = self.model.partitionGeneration
            self.startEpoch = self.model.live?.epoch ?? 0
            self.started = Self.now()
            self.model.togglePlay()
            every(milliseconds: 5) { [unowned self] in
                if self.model.partitionGeneration != self.lastGeneration { self.counter += 1; self.lastGeneration = self.model.partitionGeneration }
                let t = Self.now() - self.started
                guard t >= 5 else { return true }
                self.model.togglePlay()
                self.report.append(String(format: "live training 16×3    %.1f exact partitions drawn per second while training %.0f epochs/s (128×128 spirals)",
                                          Double(self.counter) / t, Double((self.model.live?.epoch ?? 0) - self.startEpoch) / t))
                self.finish()
                return false
            }
        }
    }

    private func finish() {
        print("nnviz gui --bench (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        for line in report { print("  " + line) }
        done()
    }

    private func drawMap(frames: Int, then: @escaping @MainActor () -> Void) {
        Self.drawFrames(window.map.widget, frames, drawn: { [unowned self] in self.window.map.drawCount }, then: then)
    }

    /// Calls `then` once `condition` holds (polling the main loop).
    static func waitFor(_ condition: @escaping @MainActor () -> Bool, then: @escaping @MainActor () -> Void) {
        every(milliseconds: 20) {
            guard condition() else { return true }
            then()
            return false
        }
    }

    /// Queues draws of `widget` and calls `then` after `count` more frames were drawn.
    static func drawFrames(_ widget: Widget, _ count: Int, drawn: @escaping @MainActor () -> Int, then: @escaping @MainActor () -> Void) {
        let target = drawn() + count
        var seen = drawn()
        UI.redraw(widget)
        // Below GTK's redraw priority, so polling never delays the frame it waits for.
        every(milliseconds: 1, priority: G_PRIORITY_DEFAULT_IDLE) {
            let now = drawn()
            if now >= target { then(); return false }
            if now != seen { seen = now; UI.redraw(widget) }  // the next frame
            return true
        }
    }
}
