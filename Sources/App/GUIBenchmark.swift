import AppCore
import CGtk
import Foundation
import GtkKit
import NeuralNet
import Regions

/// `nnviz gui --bench`: the window's speed figures, measured in the real window while it runs
/// its own main loop (nothing here blocks it: each stage polls with timers).
@MainActor
final class GUIBenchmark {
    private let window: MainWindow
    private let launch: Double
    private let json: Bool
    private let done: @MainActor () -> Void
    private var report: [String] = []
    private var figures: [(String, Double)] = []
    private var times: [Double] = []
    private var counter = 0
    private var rng = SeededGenerator(seed: 1)
    private var started = 0.0
    private var startEpoch = 0
    private var lastGeneration = 0
    private var core: AppCore { window.core }

    init(window: MainWindow, launchedAt launch: Double, json: Bool, done: @escaping @MainActor () -> Void) {
        self.window = window
        self.launch = launch
        self.json = json
        self.done = done
    }

    private static func now() -> Double { ProcessInfo.processInfo.systemUptime }
    private static func quantile(_ v: [Double], _ q: Double) -> Double {
        let s = v.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * q))]
    }

    private func record(_ key: String, _ value: Double, _ line: String) {
        figures.append((key, value))
        report.append(line)
        trace(line)
    }

    private func trace(_ s: String) {
        if ProcessInfo.processInfo.environment["NNVIZ_TRACE"] != nil { print("bench: \(s)") }
    }

    func start() {
        let first = (Self.now() - launch) * 1000
        record(
            "first_frame_ms", first,
            String(format: "window shown          %.0f ms after launch (first region-map frame)", first))
        if ProcessInfo.processInfo.environment["NNVIZ_BENCH_ONLY"] == "latency" { return startLatency() }
        // Hover at ~50 000 faces: a redraw paints the finished face layer and the highlight.
        show([200, 200, 200]) { [unowned self] in
            (self.core.partition?.faceCount ?? 0) > 40_000
        } then: { [unowned self] in
            self.counter = 0
            self.times = []
            self.hoverOnce()
        }
    }

    private func show(
        _ widths: [Int], until ready: @escaping @MainActor () -> Bool, then: @escaping @MainActor () -> Void
    ) {
        guard let mlp = try? MLP.pytorchDefault(hiddenWidths: widths, activation: .relu, seed: 0) else {
            return finish()
        }
        core.show(network: mlp, domain: .unitSquare)
        Self.waitFor({ [unowned self] in ready() && self.window.map.isUpToDate }, then: then)
    }

    private func hoverOnce() {
        guard counter < 120 else {
            let median = Self.quantile(times, 0.5)
            record(
                "hover_redraw_ms_median", median,
                String(
                    format:
                        "hover redraw          median %.2f ms, p95 %.2f ms at %d faces (face layer rendered off the main thread: %.0f ms)",
                    median, Self.quantile(times, 0.95), core.partition?.faceCount ?? 0, window.map.lastLayerMilliseconds
                ))
            return startRotation()
        }
        counter += 1
        core.hover(at: Point(rng.symmetric(0.95), rng.symmetric(0.95)))
        drawMap(frames: 1) { [unowned self] in
            self.times.append(self.window.map.lastDrawMilliseconds)
            self.hoverOnce()
        }
    }

    private func startRotation() {
        show([112, 112, 112]) { [unowned self] in
            let n = self.core.partition?.faceCount ?? 0
            return n > 15_000 && n < 30_000
        } then: { [unowned self] in
            self.counter = 0
            self.started = Self.now()
            self.rotateOnce()
        }
    }

    /// One camera step, then wait for the rendered picture: frames/s of the surface itself.
    private func rotateOnce() {
        guard counter < 60 else {
            let fps = Double(counter) / (Self.now() - started)
            record(
                "rotation_fps", fps,
                String(
                    format: "3-D rotation          %.1f frames/s (render %.1f ms, off the main thread) at %d faces",
                    fps,
                    window.surface.lastLayerMilliseconds, core.partition?.faceCount ?? 0))
            return startLive(widths: [16, 16, 16], image: GUI.bundledSample(), key: "live_partitions_per_s_16x3") {
                [unowned self] in
                self.startLive(widths: [64, 64, 64, 64], image: Self.photo, key: "live_partitions_per_s_64x4") {
                    [unowned self] in self.startLatency()
                }
            }
        }
        counter += 1
        var cam = core.camera
        cam.azimuth += 3
        let before = window.surface.layersReceived
        core.setCamera(cam)
        Self.waitFor({ [unowned self] in self.window.surface.layersReceived > before }, every: 1) { [unowned self] in
            self.rotateOnce()
        }
    }

    /// The photo-like sample the live figures train on (400×300), from the repository's data.
    static var photo: String? {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
                "data/silhouette400.png"),
            exe.appendingPathComponent("../../../data/silhouette400.png"),
        ]
        return candidates.map(\.standardized.path).first { FileManager.default.fileExists(atPath: $0) }
    }

    private func train(_ widths: [Int], on image: String?, then: @escaping @MainActor () -> Void) {
        guard let image else {
            report.append("live training         skipped: sample image not found")
            return finish()
        }
        core.setHiddenWidths(widths)
        core.setEpochLimit(1_000_000)
        core.open(image)
        if core.confirmation != nil { core.confirm() }
        if let problem = core.message, core.dataset == nil {
            report.append("live training         skipped: \(problem)")
            return finish()
        }
        Self.waitFor({ [unowned self] in self.core.partition != nil && self.core.dataset != nil }) { [unowned self] in
            self.core.play()
            then()
        }
    }

    private func startLive(widths: [Int], image: String?, key: String, then: @escaping @MainActor () -> Void) {
        train(widths, on: image) { [unowned self] in
            self.counter = 0
            self.lastGeneration = self.core.partitionGeneration
            self.startEpoch = self.core.liveEpoch
            self.started = Self.now()
            every(milliseconds: 5) { [unowned self] in
                if self.core.partitionGeneration != self.lastGeneration {
                    self.counter += 1
                    self.lastGeneration = self.core.partitionGeneration
                }
                let t = Self.now() - self.started
                guard t >= 8 else { return true }
                self.core.pause()
                let rate = Double(self.counter) / t
                let shape = widths.map(String.init).joined(separator: "×")
                self.record(
                    key, rate,
                    String(
                        format:
                            "live training %@  %.1f exact partitions/s (%d regions) while training %.1f epochs/s on %@",
                        shape,
                        rate, self.core.partition?.faceCount ?? 0, Double(self.core.liveEpoch - self.startEpoch) / t,
                        URL(fileURLWithPath: image ?? "").lastPathComponent))
                then()
                return false
            }
        }
    }

    /// While 128×4 trains: a pointer motion over the map at a random moment, timed until the
    /// inspector shows that point's region and the map has painted it; then Space-like pauses.
    private func startLatency() {
        train([128, 128, 128, 128], on: Self.photo) { [unowned self] in
            self.times = []
            self.counter = 0
            // Let training and partitions get going before the first sample.
            every(milliseconds: 1500) { [unowned self] in
                self.latencySample()
                return false
            }
        }
    }

    private func latencySample() {
        guard counter < 40 else {
            let p95 = Self.quantile(times, 0.95)
            record(
                "input_latency_ms_p95_training_128x4", p95,
                String(
                    format:
                        "input latency 128×4  p95 %.1f ms, median %.1f ms (pointer motion → inspector and map show the region; %d regions)",
                    p95, Self.quantile(times, 0.5), core.partition?.faceCount ?? 0))
            times = []
            counter = 0
            return pauseSample()
        }
        counter += 1
        let delay = UInt32(80 + Int(rng.next() % 120))
        let scheduled = Self.now() + Double(delay) / 1000
        // An input event is dispatched at GLib's default priority, as this timer is.
        every(milliseconds: delay) { [unowned self] in
            let map = self.window.map
            let fired = Self.now()
            let (x, y) = map.devicePoint(Point(self.rng.symmetric(0.9), self.rng.symmetric(0.6)))
            map.pointerMoved(to: x, y)
            let handled = Self.now()
            let drawn = map.drawCount
            let face = self.core.inspectedFace
            Self.waitFor({ map.drawCount > drawn }, every: 1) { [unowned self] in
                self.trace(
                    String(
                        format: "latency: late %.1f handle %.1f frame %.1f", (fired - scheduled) * 1000,
                        (handled - fired) * 1000, (Self.now() - handled) * 1000))
                // The inspector was rewritten in the same turn as the hover (its change set).
                // Only motions that landed on a region count: the inspector then shows it.
                if face != nil { self.times.append((Self.now() - scheduled) * 1000) }
                self.latencySample()
            }
            return false
        }
    }

    private func pauseSample() {
        guard counter < 6 else {
            let median = Self.quantile(times, 0.5)
            record(
                "pause_latency_ms_training_128x4", median,
                String(
                    format:
                        "pause latency 128×4  median %.1f ms, max %.1f ms (Space → the training thread has stopped)",
                    median,
                    times.max() ?? 0))
            return finish()
        }
        counter += 1
        core.play()
        trace("pause sample \(counter): play requested \(core.playRequested) training \(core.isTraining)")
        every(milliseconds: 700) { [unowned self] in
            let start = Self.now()
            self.trace("pause: play requested \(self.core.playRequested) training \(self.core.isTraining)")
            self.core.togglePlay()
            Self.waitFor({ [unowned self] in !self.core.isTraining }, every: 1) { [unowned self] in
                self.times.append((Self.now() - start) * 1000)
                self.pauseSample()
            }
            return false
        }
    }

    private func finish() {
        print("nnviz gui --bench (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        for line in report { print("  " + line) }
        if json {
            let body = figures.map { "\"\($0.0)\":\(String(format: "%.3f", $0.1))" }.joined(separator: ",")
            print("{\(body)}")
        }
        done()
    }

    private func drawMap(frames: Int, then: @escaping @MainActor () -> Void) {
        Self.drawFrames(window.map.widget, frames, drawn: { [unowned self] in self.window.map.drawCount }, then: then)
    }

    /// Calls `then` once `condition` holds (polling the main loop).
    static func waitFor(
        _ condition: @escaping @MainActor () -> Bool, every ms: UInt32 = 20, then: @escaping @MainActor () -> Void
    ) {
        GtkKit.every(milliseconds: ms) {
            guard condition() else { return true }
            then()
            return false
        }
    }

    /// Queues draws of `widget` and calls `then` after `count` more frames were drawn.
    static func drawFrames(
        _ widget: Widget, _ count: Int, drawn: @escaping @MainActor () -> Int, then: @escaping @MainActor () -> Void
    ) {
        let target = drawn() + count
        var seen = drawn()
        UI.redraw(widget)
        // Below GTK's redraw priority, so polling never delays the frame it waits for.
        GtkKit.every(milliseconds: 1, priority: G_PRIORITY_DEFAULT_IDLE) {
            let now = drawn()
            if now >= target {
                then()
                return false
            }
            if now != seen {
                seen = now
                UI.redraw(widget)
            }
            return true
        }
    }
}
