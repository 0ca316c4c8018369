import App
import ArgumentParser
import NeuralNet

struct GUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gui",
        abstract: "Open the window (on a bundled sample unless a file is given).",
        discussion:
            "With --screenshot the window trains --train-epochs epochs, renders itself (or one --view) to a PNG and exits."
    )

    @Argument(help: "An image to train on, or a .safetensors model.") var file: String?
    @Option(
        help: "What to learn from the image: binary (dark pixels), classes (its colours) or regression (the image).")
    var task: TaskKind = .binary
    @Option(help: "Colour classes for --task classes (2…12).") var classes: Int = 3
    @Option(help: "Channels for --task regression: 1 (grey) or 3 (RGB).") var channels: Int = 1
    @Option(help: "Render the window to this PNG and exit.") var screenshot: String?
    @Option(help: "Epochs to train before the screenshot.") var trainEpochs: Int = 0
    @Option(help: "What to render: all, regions, surface, network or picker (the plane picker).") var view: String =
        "all"
    @Option(
        help: ArgumentHelp(
            "Points of a many-input model's input space (.npy, .csv, .safetensors): the plane goes through three of them.",
            valueName: "file"))
    var points: String?
    @Option(
        help: ArgumentHelp(
            "With --points: the plane's three rows (default: the first rows of three labels).", valueName: "I,J,K"))
    var through: String?
    @Option(help: ArgumentHelp("Hover this domain point before the screenshot (X,Y).", valueName: "x,y")) var hover:
        String?
    @Option(help: ArgumentHelp("The window's starting size (default 1440x900).", valueName: "WxH")) var size: String?
    @Option(help: ArgumentHelp("Hidden layer widths of the network built for the image.", valueName: "W,W,…"))
    var widths: String?
    @Option(help: "Show the map's regions after the first K hidden layers.") var layers: Int?
    @Option(
        help: ArgumentHelp(
            "Hover this neuron of the network view before the screenshot (column 0 = inputs).", valueName: "layer,index"
        ))
    var hoverNeuron: String?
    @Option(help: "With --screenshot: also export the network figure to this PNG, SVG or PDF.") var exportNetwork:
        String?
    @Option(help: "With --screenshot: also export the region map figure to this PNG, SVG or PDF.") var exportMap:
        String?
    @Flag(
        help:
            "Measure the window: first frame, hover redraw, 3-D rotation, live refresh, input and pause latency; then exit."
    )
    var bench = false
    @Flag(help: "With --bench: print the figures as one JSON object on the last line.") var json = false

    mutating func validate() throws {
        if trainEpochs < 0 { throw ValidationError("--train-epochs must not be negative") }
        if !["all", "regions", "surface", "network", "picker"].contains(view) {
            throw ValidationError("--view must be all, regions, surface, network or picker")
        }
        if through != nil && points == nil { throw ValidationError("--through needs --points DATA") }
        if let through, Self.rows(through) == nil {
            throw ValidationError("--through takes three row indices I,J,K (0-based)")
        }
        do {
            try TaskChoice(kind: task, classes: classes, channels: channels).validate()
        } catch {
            throw ValidationError("\(error)")
        }
        if let size, Self.parseSize(size) == nil {
            throw ValidationError("--size takes WIDTHxHEIGHT, at least 640x480 (e.g. 1024x768)")
        }
        if let hover, hover.split(separator: ",").compactMap({ Double($0) }).count != 2 {
            throw ValidationError("--hover takes X,Y")
        }
        if let widths, Self.parseWidths(widths) == nil {
            throw ValidationError("--widths takes positive layer widths separated by commas (e.g. 64,64,64,64)")
        }
        if (exportNetwork != nil || exportMap != nil) && screenshot == nil {
            throw ValidationError("--export-network and --export-map need --screenshot")
        }
        if let layers, layers < 1 { throw ValidationError("--layers must be at least 1") }
        if let hoverNeuron, Self.parsePair(hoverNeuron) == nil {
            throw ValidationError("--hover-neuron takes LAYER,INDEX (e.g. 2,5)")
        }
    }

    /// "1024x768" as (1024, 768); nil when malformed or smaller than the window can be.
    static func parseSize(_ s: String) -> (width: Int, height: Int)? {
        let v = s.lowercased().split(separator: "x").compactMap { Int($0) }
        guard v.count == 2, v[0] >= 640, v[1] >= 480 else { return nil }
        return (v[0], v[1])
    }

    /// "3,8,12" as rows; nil unless three non-negative integers.
    static func rows(_ s: String) -> [Int]? {
        let v = s.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return v.count == 3 && v.allSatisfy { $0 >= 0 } ? v : nil
    }

    static func parseWidths(_ s: String) -> [Int]? {
        let v = s.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !v.isEmpty, v.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return v.compactMap { $0 }
    }

    static func parsePair(_ s: String) -> (Int, Int)? {
        let v = s.split(separator: ",").compactMap { Int($0) }
        guard v.count == 2, v[0] >= 0, v[1] >= 0 else { return nil }
        return (v[0], v[1])
    }

    func run() throws {
        var options = GUIOptions()
        options.points = points
        options.through = through.flatMap(Self.rows)
        options.file = file
        options.screenshot = screenshot
        options.trainEpochs = trainEpochs
        options.view = view
        options.bench = bench
        options.benchJSON = json
        options.task = TaskChoice(kind: task, classes: classes, channels: channels)
        options.size = size.flatMap(Self.parseSize)
        options.widths = widths.flatMap(Self.parseWidths)
        options.upToLayer = layers
        options.hoverNeuron = hoverNeuron.flatMap(Self.parsePair)
        options.exportNetwork = exportNetwork
        options.exportMap = exportMap
        if let hover {
            let v = hover.split(separator: ",").compactMap { Double($0) }
            options.hover = (v[0], v[1])
        }
        let code = MainActor.assumeIsolated { GUI.run(options) }
        if code != 0 { throw ExitCode(code) }
    }
}
