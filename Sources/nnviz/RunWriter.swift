import Drawing
import FastMatrix
import Foundation
import NeuralNet
import Regions

/// Writes everything a training run produces into its folder and reports it.
struct RunWriter {
    let outDir: RunFolder
    let formats: [FigureFormat]
    let colorMode: String
    let exactMaxRegions: Int
    let imagePath: String
    let dataset: Dataset
    let trainer: Trainer
    let mlp: MLP
    let final: (loss: Double, accuracy: Double)
    let secondsTrain: Double
    let stopReason: String?
    let threads: Int
    let command: TrainCommand
    let runStart: ContinuousClock.Instant
    let json: Bool

    static let version = "0.2.0"

    func write() throws {
        do {
            try writeAll()
        } catch {
            outDir.discard()
            throw error
        }
    }

    private func writeAll() throws {
        let domain = dataset.domain
        let regionStart = ContinuousClock.now
        var partition: Partition? = nil
        var sampled: SampledView? = nil
        var sampledReason: String? = nil
        do {
            partition = try Partition.compute(mlp, domain: domain, limits: PartitionLimits(maxFaces: exactMaxRegions))
        } catch PartitionError.tooManyFaces(let limit) {
            sampledReason = "SAMPLED — more than \(limit) regions, not exact"
            FileHandle.standardError.write(
                Data(
                    "nnviz: the exact partition has more than \(limit) regions (--exact-max-regions); the figures show a sampled view, labelled as sampled\n"
                        .utf8))
            sampled = SampledView(mlp: mlp, domain: domain)
        }
        let secondsRegions = CLI.seconds(since: regionStart)

        let arch = (["2"] + mlp.hiddenWidths.map(String.init) + ["1"]).joined(separator: " → ")
        let imageName = URL(fileURLWithPath: imagePath).lastPathComponent
        let regionText = partition.map { "\($0.faceCount) regions" } ?? "more than \(exactMaxRegions) regions"
        let subtitle =
            "\(imageName) · \(arch), \(mlp.activation) · \(trainer.epoch) epochs · accuracy \(String(format: "%.1f", final.accuracy * 100)) %"
        func content(_ title: String) -> FigureContent {
            FigureContent(
                mlp: mlp, domain: domain, partition: partition, sampled: sampled, sampledReason: sampledReason,
                dataset: dataset, title: title, subtitle: subtitle)
        }
        let mode: RegionColorMode =
            colorMode == "slope" ? (partition.map(RegionColorMode.slope(for:)) ?? .pattern) : .pattern

        let figureStart = ContinuousClock.now
        var files: [String] = []
        for format in formats {
            let ext = format.rawValue
            let scale = format == .png ? 1.5 : 1
            let exact = partition != nil
            try figure("viz_exact_regions.\(ext)", format, scale) {
                RunFigures.regions(
                    $0,
                    content(exact ? "Exact linear regions — \(regionText)" : "Linear regions, sampled — \(regionText)"),
                    colorMode: mode)
            }
            try figure("viz_boundary.\(ext)", format, scale) {
                RunFigures.boundary($0, content("Decision boundary z = 0 over the training labels"))
            }
            try figure("viz_3d.\(ext)", format, scale) {
                RunFigures.surface(
                    $0,
                    content(exact ? "Logit surface — one exact plane per region" : "Logit surface, sampled on a grid"),
                    colorMode: .pattern)
            }
            files += ["viz_exact_regions.\(ext)", "viz_boundary.\(ext)", "viz_3d.\(ext)"]
        }
        let secondsFigures = CLI.seconds(since: figureStart)

        try writeLog()
        var model = ModelFile(mlp: mlp, domain: domain)
        model.metadata["trained_on"] = imageName
        model.metadata["epochs"] = "\(trainer.epoch)"
        model.metadata["final_accuracy"] = "\(final.accuracy)"
        try model.write(to: outDir.file("model.safetensors"))
        files += ["train_log.csv", "model.safetensors", "config.json"]

        let results: [String: Any] = [
            "pixels": dataset.count, "positives": dataset.positives, "epochs": trainer.epoch, "steps": trainer.step,
            "final_loss": final.loss, "final_accuracy": final.accuracy,
            "regions": partition.map { $0.faceCount as Any } ?? NSNull(), "exact": partition != nil,
            "decision_regions": partition.map { $0.decisionRegions as Any } ?? NSNull(),
            "faces_per_layer": partition?.facesPerLayer ?? [], "boundary_polylines": partition?.boundary.count ?? 0,
            "stopped_early": stopReason as Any? ?? NSNull(),
            "seconds_train": secondsTrain,
            "seconds_per_epoch": trainer.epoch > 0 ? secondsTrain / Double(trainer.epoch) : 0,
            "seconds_regions": secondsRegions, "seconds_figures": secondsFigures,
            "seconds_total": CLI.seconds(since: runStart),
        ]
        let config: [String: Any] = [
            "image": imagePath, "image_size": [dataset.image.width, dataset.image.height],
            "hidden_widths": mlp.hiddenWidths, "activation": mlp.activation.name,
            "negative_slope": mlp.activation.negativeSlope,
            "epochs": trainer.config.epochs, "learning_rate": trainer.config.learningRate,
            "schedule": trainer.config.schedule.rawValue,
            "weight_decay": trainer.config.weightDecay, "batch_size": trainer.config.batchSize,
            "seed": trainer.config.seed,
            "optimizer": "AdamW(betas=(0.9, 0.999), eps=1e-8)", "loss": "BCEWithLogits", "threshold": dataset.threshold,
            "invert": dataset.inverted, "max_side": command.maxSide as Any? ?? NSNull(),
            "domain": [domain.x0, domain.x1, domain.y0, domain.y1],
            "exact_max_regions": exactMaxRegions, "color": colorMode, "formats": formats.map(\.rawValue),
            "threads": threads,
        ]
        let versions: [String: Any] = [
            "nnviz": Self.version, "cairo": DrawingLibraries.cairoVersion, "gdk_pixbuf": DrawingLibraries.pixbufVersion,
            "matrix_engine": trainer.engine.name,
        ]
        let configJSON = try JSONSerialization.data(
            withJSONObject: ["options": config, "results": results, "versions": versions],
            options: [.prettyPrinted, .sortedKeys])
        try configJSON.write(to: outDir.file("config.json"), options: .atomic)
        try outDir.commit()

        let out = outDir.final.path
        if json {
            var line = results
            line["out_dir"] = out
            line["files"] = files
            print(CLI.jsonLine(line))
        } else {
            print(
                "trained    \(arch), \(mlp.activation) on \(imageName) (\(dataset.image.width)×\(dataset.image.height), \(dataset.count) pixels, \(dataset.positives) dark)"
            )
            print(
                String(
                    format: "result     loss %.4f, accuracy %.2f %% after %d epochs (%.2f s, %.2f ms/epoch)",
                    final.loss, final.accuracy * 100, trainer.epoch, secondsTrain,
                    1000 * secondsTrain / Double(max(1, trainer.epoch))))
            print(
                "regions    \(partition.map { "\($0.faceCount) (exact, \(CLI.formatSeconds(secondsRegions)))" } ?? "more than \(exactMaxRegions): figures are sampled")"
            )
            print("wrote      \(out)/  \(files.joined(separator: " "))")
        }
    }

    private func figure(_ name: String, _ format: FigureFormat, _ scale: Double, _ draw: (Canvas) -> Void) throws {
        do {
            try Figure.write(
                to: outDir.file(name), format: format, width: RunFigures.width, height: RunFigures.height, scale: scale,
                draw: draw)
        } catch {
            throw CLIError("\(error)")
        }
    }

    private func writeLog() throws {
        var csv = "epoch,loss,accuracy,learning_rate,seconds\n"
        for s in trainer.history {
            csv += "\(s.epoch),\(s.loss),\(s.accuracy),\(s.learningRate),\(s.seconds)\n"
        }
        try Data(csv.utf8).write(to: outDir.file("train_log.csv"), options: .atomic)
    }
}
