import AppCore
import Drawing
import Foundation
import NeuralNet
import Regions

/// Writes the window's figures with the same Cairo renderers as the command line.
@MainActor
enum FigureExporter {
    enum View: String { case map = "regions", surface, network }

    /// Writes `view` as PNG, SVG or PDF (by the extension) and tells the core; a problem becomes
    /// the core's message.
    static func export(_ view: View, of core: AppCore, to path: String) {
        let url = URL(fileURLWithPath: path)
        guard let format = FigureFormat(rawValue: url.pathExtension.lowercased()) else {
            return core.showMessage("Export: use a .png, .svg or .pdf name")
        }
        guard let mlp = core.partitionNetwork, let p = core.partition else {
            return core.showMessage("Nothing to export yet: train or open a model first.")
        }
        let task = core.task
        let inputs = core.plane.map { "\($0.model.network.inputCount) (plane)" } ?? "2"
        let arch = ([inputs] + mlp.hiddenWidths.map(String.init) + ["\(mlp.outputCount)"]).joined(separator: " → ")
        var content = FigureContent(
            mlp: mlp, domain: p.domain, partition: p, sampled: nil, sampledReason: nil, dataset: core.dataset,
            title: "Exact linear regions — \(p.faceCount) regions",
            subtitle: "\(arch), \(mlp.activation), \(task) · epoch \(core.partitionEpoch)", task: task)
        if let plane = core.plane {
            content.markers = plane.markers
            content.axisLabels = core.axisNames
            content.subtitle += " · plane through \(plane.anchorNames.joined(separator: ", "))"
        }
        var colorMode = TaskStyle.colorMode(core.view, task, p)
        var layerByLayer = false
        if view == .map, let k = core.shownLayerLimit {
            // The map after hidden layer k: the cut network's partition, as the window shows it.
            guard let lp = core.mapPartition else {
                return core.showMessage(
                    "The regions after layer \(k) are still being computed: export again in a moment.")
            }
            content.mlp = mlp.prefix(hiddenLayers: k)
            content.partition = lp
            content.task = .binary
            layerByLayer = true
            content.title =
                "Exact linear regions after hidden layer \(k) of \(mlp.hiddenLayerCount) — \(lp.faceCount) regions"
            colorMode = .pattern
        }
        let scale = format == .png ? 1.5 : 1
        do {
            switch view {
            case .map:
                // What the map shows: its box (zoomed or not), colouring, edges and pixels.
                let v = core.view
                var options = RegionFigureOptions()
                options.showEdges = v.showEdges
                options.edgesByLayer = v.edgesByLayer || layerByLayer
                options.showBoundary = v.showBoundary && !layerByLayer
                if v.showPixels, let d = core.dataset {
                    options.underlay = { c, f in TaskStyle.drawUnderlay(c, d, in: f) }
                    options.underlayOpacity = v.pixelOpacity
                }
                try Figure.write(
                    to: url, format: format, width: RunFigures.width, height: RunFigures.height, scale: scale
                ) {
                    RunFigures.regions($0, content, colorMode: colorMode, options: options)
                }
            case .surface:
                let cam = core.camera
                content.title = "Exact output surface — \(p.faceCount) planar pieces"
                try Figure.write(to: url, format: format, width: 900, height: 800, scale: scale) {
                    RunFigures.surface(
                        $0, content, colorMode: colorMode,
                        view: SurfaceView(azimuth: cam.azimuth, elevation: cam.elevation, zoom: cam.zoom),
                        height: TaskStyle.surfaceHeight(core.view, task))
                }
            case .network:
                var style = NetworkStyle()
                style.point = core.hoverPoint.map { Point2($0.x, $0.y) }
                style.highlight = core.focusNeuron.map { NeuronID(layer: $0.layer, index: $0.index) }
                style.task = task
                style.minWeight = core.view.minConnectionWeight
                style.shownLayers = core.shownLayerLimit
                style.title = "Network \(arch) · \(mlp.activation) · epoch \(core.shownEpoch)"
                style.inputLabels = core.axisNames
                // Wide layers get a taller page, so each of their neurons keeps a cell of its own.
                let height = (mlp.hiddenWidths.max() ?? 0) > NetworkLayout.maxCircles ? 760 : 560
                try Figure.write(to: url, format: format, width: 900, height: height, scale: scale) { c in
                    NetworkRenderer.draw(c, mlp, box: (20, 10, 860, Double(height) - 20), style: style)
                }
            }
            core.reportSaved(path)
        } catch {
            core.showMessage("\(error)")
        }
    }
}
