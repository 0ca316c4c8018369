import AppCore
import CGtk
import CShim
import Foundation
import GtkKit
import NeuralNet
import Regions

/// How the window was asked to start.
public struct GUIOptions: Sendable {
    public var file: String?
    public var screenshot: String?
    public var trainEpochs = 0
    public var view = "all"
    public var hover: (Double, Double)?
    public var bench = false
    /// With `bench`: print the figures as one JSON object on the last line.
    public var benchJSON = false
    /// What to learn from the image opened at start (the controls' Task).
    public var task = TaskChoice()
    /// The window's starting size in pixels (width, height); nil the default 1440×900.
    public var size: (width: Int, height: Int)?
    /// For a model with n ≠ 2 inputs: its points file, and the three rows of the plane (else the default ones).
    public var points: String?
    public var through: [Int]?
    /// Hidden layer widths of the network built for the image (nil: the controls' default).
    public var widths: [Int]?
    /// The map shows the partition after this many hidden layers (nil: all).
    public var upToLayer: Int?
    /// Hover this neuron of the network view (column, index; column 0 the inputs) before the
    /// screenshot.
    public var hoverNeuron: (layer: Int, index: Int)?
    /// With `screenshot`: also export the network figure, or the region map, as the window's
    /// Export menu would (PNG, SVG or PDF by the extension).
    public var exportNetwork: String?
    public var exportMap: String?
    public init() {}
}

/// The window's entry point. GLib gets only argv[0]: nnviz parses its own options.
public enum GUI {
    /// The bundled sample the window opens with when no file is given.
    public static func bundledSample() -> String? { BundledSample.path }

    /// Seconds since boot at which this process started (from /proc), for "shown after launch".
    static var processStart: Double {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return ProcessInfo.processInfo.systemUptime }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return ProcessInfo.processInfo.systemUptime }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    @MainActor
    public static func run(_ options: GUIOptions) -> Int32 {
        lineBufferStdout()
        // Every view is a Cairo drawing: GTK's Cairo renderer paints them directly, where a GL
        // renderer would upload each as a texture per frame (measured under software GL: rotation
        // 15.6 against 31.3 frames/s). A GSK_RENDERER the user sets still wins.
        setenv("GSK_RENDERER", "cairo", 0)
        if options.screenshot != nil || options.bench {
            setenv("GTK_A11Y", "none", 0)
            setenv("GSETTINGS_BACKEND", "memory", 0)
        }
        guard let app = gtk_application_new("io.github.nnviz.Nnviz", G_APPLICATION_NON_UNIQUE) else { return 1 }
        var status: Int32 = 0
        let holder = Holder()
        Signal.connect(gptr(app), "activate") {
            followSystemColorScheme()
            let core = AppCore(scheduler: GLibScheduler(), images: PixbufImageSource())
            let window = MainWindow(app: app, core: core)
            holder.window = window
            if let size = options.size { window.resize(width: Int32(size.width), height: Int32(size.height)) }
            window.present()
            core.setTask(options.task.kind)
            core.setClassCount(options.task.classes)
            core.setChannels(options.task.channels)
            if let widths = options.widths { core.setHiddenWidths(widths) }
            if let k = options.upToLayer { core.setUpToLayer(k) }
            if let file = options.file ?? bundledSample() {
                core.open(file, pretrainEpochs: options.trainEpochs)
                if let points = options.points { core.openPoints(points) }
                if let rows = options.through { core.setAnchors(rows) }
            } else {
                core.showMessage("The bundled sample was not found: open an image (Ctrl+O).")
            }
            // A measurement or a picture of a window that could not open its file would wait
            // for a first frame that never comes: say why and stop.
            if options.bench || options.screenshot != nil, let problem = core.message {
                FileHandle.standardError.write(Data("nnviz: \(problem)\n".utf8))
                status = 1
                core.shutDown()
                g_application_quit(cast(app))
                return
            }
            if options.bench {
                let launch = processStart
                GUIBenchmark.waitFor({ window.map.layersReceived > 0 && core.partition != nil }) {
                    let bench = GUIBenchmark(window: window, launchedAt: launch, json: options.benchJSON) {
                        core.shutDown()
                        g_application_quit(cast(app))
                    }
                    holder.bench = bench
                    bench.start()
                }
            } else if let path = options.screenshot {
                takeScreenshot(window, path: path, options: options) { ok in
                    status = ok ? 0 : 1
                    core.shutDown()
                    g_application_quit(cast(app))
                }
            }
        }
        let argv0 = strdup(CommandLine.arguments.first ?? "nnviz")
        var argv: [UnsafeMutablePointer<CChar>?] = [argv0, nil]
        let code = g_application_run(cast(app), 1, &argv)
        free(argv0)
        holder.window?.core.shutDown()
        g_object_unref(UnsafeMutableRawPointer(app))
        return status != 0 ? status : code
    }

    /// GTK 4.8 does not follow the desktop's light/dark preference by itself (libadwaita would):
    /// read it from GNOME's setting or GTK_THEME and ask for the dark theme variant. The plots stay
    /// on light "paper", as figures do, so they read the same in both.
    @MainActor
    static func followSystemColorScheme() {
        var dark = ProcessInfo.processInfo.environment["GTK_THEME"]?.hasSuffix(":dark") ?? false
        if let source = g_settings_schema_source_get_default(),
            let schema = g_settings_schema_source_lookup(source, "org.gnome.desktop.interface", 1)
        {
            if g_settings_schema_has_key(schema, "color-scheme") != 0,
                let settings = g_settings_new("org.gnome.desktop.interface")
            {
                if let value = g_settings_get_string(settings, "color-scheme") {
                    dark = dark || String(cString: value) == "prefer-dark"
                    g_free(value)
                }
                g_object_unref(UnsafeMutableRawPointer(settings))
            }
            g_settings_schema_unref(schema)
        }
        if dark, let settings = gtk_settings_get_default() {
            nnviz_object_set_bool(UnsafeMutableRawPointer(settings), "gtk-application-prefer-dark-theme", 1)
        }
    }

    /// Waits until the trained network's exact partition is drawn, then renders the requested
    /// view from inside the app.
    @MainActor
    static func takeScreenshot(
        _ window: MainWindow, path: String, options: GUIOptions, done: @escaping @MainActor (Bool) -> Void
    ) {
        var settled = 0
        var ticks = 0
        var hovered = false
        every(milliseconds: 100) {
            ticks += 1
            let core = window.core
            let ready =
                core.partition != nil && core.partition?.domain == core.viewBox
                && (core.dataset == nil || core.liveEpoch >= min(options.trainEpochs, core.settings.epochLimit))
                && core.mapPartition != nil && window.map.isUpToDate
            if ready, !hovered {
                hovered = true
                if let (x, y) = options.hover {
                    // As the pointer would: the region under it, and the edge within 4 px if any.
                    let (px, py) = window.map.devicePoint(Point(x, y))
                    window.map.pointerMoved(to: px, py)
                }
                if let n = options.hoverNeuron, let (x, y) = window.network.devicePoint(layer: n.layer, index: n.index)
                {
                    window.network.pointerMoved(to: x, y)
                }
            }
            settled = ready && window.network.isUpToDate ? settled + 1 : 0
            guard settled >= 4 || ticks > 600 else { return true }
            if options.view == "picker" && window.picker == nil {
                FileHandle.standardError.write(
                    Data("nnviz: --view picker needs a model with more than two inputs and --points DATA\n".utf8))
                done(false)
                return false
            }
            let target: Widget? =
                switch options.view {
                case "regions": window.map.widget
                case "surface": window.surface.widget
                case "network": window.network.widget
                case "picker": window.picker?.window
                default: nil
                }
            var ok = settled >= 4 && window.screenshot(to: path, widget: target)
            for (view, file) in [(FigureExporter.View.network, options.exportNetwork), (.map, options.exportMap)] {
                guard ok, let file else { continue }
                FigureExporter.export(view, of: core, to: file)
                ok = core.message == nil
                if ok { print("exported \(file)") }
            }
            if ok {
                print("screenshot \(path): \(core.partition?.faceCount ?? 0) regions, epoch \(core.liveEpoch)")
            } else {
                FileHandle.standardError.write(Data("nnviz: the window did not become ready for a screenshot\n".utf8))
            }
            done(ok)
            return false
        }
    }
}

/// Keeps the window controller alive for the application's lifetime.
@MainActor
private final class Holder {
    var window: MainWindow?
    var bench: GUIBenchmark?
}
