import CGtk
import Drawing
import Foundation
import GtkKit
import NeuralNet
import Regions

/// Drives the real window from tests: builds it on a registered GtkApplication, pumps GLib's
/// main context, and exposes what a person would see or do.
@MainActor
public final class WindowHarness {
    private let app: UnsafeMutablePointer<GtkApplication>
    private let window: MainWindow

    /// nil when there is no display to open a window on.
    public init?() {
        setenv("GSK_RENDERER", "cairo", 0)
        guard gtk_init_check() != 0 else { return nil }
        app = gtk_application_new("io.github.nnviz.Tests", G_APPLICATION_NON_UNIQUE)!
        g_application_register(cast(app), nil, nil)
        window = MainWindow(app: app, model: AppModel())
        window.present()
        pump(seconds: 0.2)
    }

    /// Runs the main loop until `condition` holds or `timeout` passes; returns whether it held.
    @discardableResult
    public func pump(until condition: () -> Bool = { false }, timeout: Double = 10) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            while g_main_context_iteration(nil, 0) != 0 {}
            if condition() { return true }
            usleep(5000)
        }
        return condition()
    }

    public func pump(seconds: Double) { pump(until: { false }, timeout: seconds) }

    public func open(_ path: String) { window.open(path) }
    public func play() { if !window.model.isTraining { window.model.togglePlay() } }
    public func pause() { if window.model.isTraining { window.model.togglePlay() } }
    public func step() { window.model.step() }
    public var epoch: Int { window.model.live?.epoch ?? 0 }
    public var regionCount: Int { window.model.partition?.faceCount ?? 0 }
    public var partition: Partition? { window.model.partition }
    public var network: MLP? { window.model.shownNetwork }
    public var message: String? { window.model.message }
    public var isWindowVisible: Bool { gtk_widget_get_visible(window.window) != 0 }
    public var isWindowMapped: Bool { gtk_widget_get_mapped(window.window) != 0 }

    /// Moves the pointer over a domain point as the motion controller would, and returns the
    /// inspected face.
    public func hover(_ x: Double, _ y: Double) -> Int? {
        window.model.hover(at: Point(x, y))
        pump(seconds: 0.05)
        return window.model.inspectedFace
    }

    /// Device coordinates of a domain point in the region map widget.
    public func mapPoint(_ x: Double, _ y: Double) -> (Double, Double) { window.map.devicePoint(Point(x, y)) }

    public func exportMap(to path: String) { window.exportFigure(.map, to: path) }
    public func exportSurface(to path: String) { window.exportFigure(.surface, to: path) }
    public func exportNetwork(to path: String) { window.exportFigure(.network, to: path) }
    public func saveModel(to path: String) { window.saveModel(to: path) }
    public func exportRegions(to path: String) { window.exportRegions(to: path) }
    public func screenshot(to path: String) -> Bool { window.screenshot(to: path) }

    /// Milliseconds of the last region-map redraw and of its last face-layer rebuild.
    public var mapTimings: (draw: Double, cache: Double) { (window.map.lastDrawMilliseconds, window.map.lastCacheMilliseconds) }
    public func redrawMapNow() { UI.redraw(window.map.widget); pump(seconds: 0.02) }

    public func close() {
        window.model.session?.stop()
        gtk_window_destroy(cast(window.window))
        pump(seconds: 0.05)
        g_object_unref(UnsafeMutableRawPointer(app))
    }
}
