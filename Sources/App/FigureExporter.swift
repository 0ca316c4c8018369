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
        let arch = NetworkRenderer.widths(mlp).map(String.init).joined(separator: " → ")
        var content = FigureContent(
            mlp: mlp, domain: p.domain, partition: p, sampled: nil, sampledReason: nil, dataset: core.dataset,
            title: "Exact linear regions — \(p.faceCount) regions",
            subtitle: "\(arch), \(mlp.activation), \(task) · epoch \(core.shownEpoch)", task: task)
        var colorMode = TaskStyle.colorMode(core.view, task, p)
        if view == .map, let k = core.shownLayerLimit {
            // The map after hidden layer k: the cut network's partition, as the window shows it.
            guard let lp = core.mapPartition else {
                return core.showMessage(
                    "The regions after layer \(k) are still being computed: export again in a moment.")
            }
            content.mlp = mlp.prefix(hiddenLayers: k)
            content.partition = lp
            content.task = .binary
            content.edgesByLayer = true
            content.title =
                "Exact linear regions after hidden layer \(k) of \(mlp.hiddenLayerCount) — \(lp.faceCount) regions"
            colorMode = .pattern
        }
        let scale = format == .png ? 1.5 : 1
        do {
            switch view {
            case .map:
                try Figure.write(
                    to: url, format: format, width: RunFigures.width, height: RunFigures.height, scale: scale
                ) {
                    RunFigures.regions($0, content, colorMode: colorMode)
                }
            case .surface:
                let cam = core.camera
                try Figure.write(to: url, format: format, width: 900, height: 760, scale: scale) { c in
                    var style = SurfaceStyle()
                    style.colorMode = colorMode
                    style.height = TaskStyle.surfaceHeight(core.view, task)
                    style.showEdges = p.faceCount < 4000
                    SurfaceRenderer.draw(
                        c, p, box: (20, 20, 860, 720),
                        view: SurfaceView(azimuth: cam.azimuth, elevation: cam.elevation, zoom: cam.zoom), style: style)
                }
            case .network:
                var style = NetworkStyle()
                style.point = core.hoverPoint.map { Point2($0.x, $0.y) }
                style.highlight = core.focusNeuron.map { NeuronID(layer: $0.layer, index: $0.index) }
                style.task = task
                style.minWeight = core.view.minConnectionWeight
                style.shownLayers = core.shownLayerLimit
                style.title = "Network \(arch) · \(mlp.activation) · epoch \(core.shownEpoch)"
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
