import AppCore
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
    public var core: AppCore { window.core }

    /// nil when there is no display to open a window on. `size` is the window's starting size.
    public init?(size: (width: Int32, height: Int32)? = nil) {
        setenv("GSK_RENDERER", "cairo", 0)
        guard gtk_init_check() != 0 else { return nil }
        app = gtk_application_new("io.github.nnviz.Tests", G_APPLICATION_NON_UNIQUE)!
        g_application_register(cast(app), nil, nil)
        window = MainWindow(app: app, core: AppCore(scheduler: GLibScheduler(), images: PixbufImageSource()))
        if let size { window.resize(width: size.width, height: size.height) }
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

    public func open(_ path: String) { core.open(path) }
    public func play() { core.play() }
    public func pause() { core.pause() }
    public func step() { core.step() }
    public var epoch: Int { core.liveEpoch }
    public var regionCount: Int { core.partition?.faceCount ?? 0 }
    public var partition: Partition? { core.partition }
    public var network: MLP? { core.partitionNetwork }
    public var message: String? { core.message }
    public func saveModel(to path: String) { core.saveModel(to: path) }
    public func exportRegions(to path: String) { core.exportRegions(to: path) }

    public var isWindowVisible: Bool { gtk_widget_get_visible(window.window) != 0 }
    public var isWindowMapped: Bool { gtk_widget_get_mapped(window.window) != 0 }

    /// Moves the pointer over a domain point as the motion controller would, and returns the
    /// inspected face.
    public func hover(_ x: Double, _ y: Double) -> Int? {
        let (px, py) = window.map.devicePoint(Point(x, y))
        window.map.pointerMoved(to: px, py)
        pump(seconds: 0.05)
        return core.inspectedFace
    }

    /// Moves the pointer over neuron `index` of column `layer` in the network view (column 0 the
    /// inputs), or off every neuron when nil, as the motion controller would.
    public func hoverNeuron(layer: Int, index: Int) {
        guard let (x, y) = window.network.devicePoint(layer: layer, index: index) else { return }
        window.network.pointerMoved(to: x, y)
        pump(seconds: 0.05)
    }

    public func leaveNetwork() {
        window.network.pointerMoved(to: -100, -100)
        pump(seconds: 0.05)
    }

    /// The region map as the window paints it now, as 0xAARRGGBB words row by row.
    public func mapPixels() -> [UInt32] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-map-\(getpid()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A fresh frame, so the picture holds what the core shows now.
        let drawn = window.map.drawCount
        UI.redraw(window.map.widget)
        _ = pump(until: { self.window.map.drawCount > drawn }, timeout: 5)
        guard window.screenshot(to: path, widget: window.map.widget),
            let s = cairo_image_surface_create_from_png(path)
        else { return [] }
        defer { cairo_surface_destroy(s) }
        let w = Int(cairo_image_surface_get_width(s))
        let h = Int(cairo_image_surface_get_height(s))
        let stride = Int(cairo_image_surface_get_stride(s))
        guard let base = cairo_image_surface_get_data(s) else { return [] }
        var out: [UInt32] = []
        out.reserveCapacity(w * h)
        for j in 0..<h {
            let row = UnsafeRawPointer(base + j * stride).assumingMemoryBound(to: UInt32.self)
            for i in 0..<w { out.append(row[i]) }
        }
        return out
    }

    public func exportMap(to path: String) { FigureExporter.export(.map, of: core, to: path) }

    /// Exports the training video as Export → Training video does (every snapshot unless a
    /// selection is given), and waits for it (or for the Cancel, when `cancelAfterFrames` frames
    /// are done).
    public func exportVideo(
        to path: String, selection: VideoSelection? = nil, cancelAfterFrames: Int? = nil
    ) -> Bool {
        var finished = false
        let dialog = VideoExportDialog(
            core: core, selection: selection ?? VideoSelection(all: core.timeline), parent: window.window, path: path
        ) { finished = true }
        if let n = cancelAfterFrames {
            _ = pump(until: { dialog.framesDone >= n || finished }, timeout: 60)
            dialog.cancel()
        }
        return pump(until: { finished }, timeout: 120)
    }
    public func exportSurface(to path: String) { FigureExporter.export(.surface, of: core, to: path) }
    public func exportNetwork(to path: String) { FigureExporter.export(.network, of: core, to: path) }
    public func screenshot(to path: String) -> Bool { window.screenshot(to: path) }

    /// Whether the region map paints a face layer for the core's current partition.
    public var mapIsUpToDate: Bool { window.map.isUpToDate }

    /// The window's allocated size.
    public var windowSize: (width: Int, height: Int) {
        (Int(gtk_widget_get_width(window.window)), Int(gtk_widget_get_height(window.window)))
    }

    /// The smallest size the window's layout can take.
    public var minimumSize: (width: Int, height: Int) {
        var w: Int32 = 0
        var h: Int32 = 0
        gtk_widget_measure(window.window, GTK_ORIENTATION_HORIZONTAL, -1, &w, nil, nil, nil)
        gtk_widget_measure(window.window, GTK_ORIENTATION_VERTICAL, Int32(w), &h, nil, nil, nil)
        return (Int(w), Int(h))
    }

    /// The region map's rectangle in window coordinates.
    public var mapRectangle: (x: Double, y: Double, width: Double, height: Double) { window.mapRectangle }

    /// Sets the view options as the controls would.
    public func setView(coloring: RegionColoring, edgesByLayer: Bool, textScale: Double) {
        core.setColoring(coloring)
        core.setEdgesByLayer(edgesByLayer)
        core.setTextScale(textScale)
    }

    /// Whether the plane picker of a many-input model is on screen.
    public var isPlanePickerVisible: Bool { window.picker?.isVisible ?? false }

    /// Clicks a data row's point in the plane picker's overview as a person would; false when
    /// the overview has not drawn it.
    @discardableResult
    public func clickOverview(row: Int) -> Bool {
        guard let picker = window.picker, let (x, y) = picker.devicePoint(ofRow: row) else { return false }
        picker.clickOverview(at: x, y)
        pump(seconds: 0.05)
        return true
    }

    public func close() {
        core.shutDown()
        gtk_window_destroy(cast(window.window))
        pump(seconds: 0.05)
        g_object_unref(UnsafeMutableRawPointer(app))
    }
}
