import AppCore
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
    let final: Evaluation
    let secondsTrain: Double
    let stopReason: String?
    let threads: Int
    let command: TrainCommand
    let runStart: ContinuousClock.Instant
    let json: Bool

    static let version = AppVersion.current

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

        let task = dataset.task
        let arch = (["2"] + mlp.hiddenWidths.map(String.init) + ["\(mlp.outputCount)"]).joined(separator: " → ")
        let imageName = URL(fileURLWithPath: imagePath).lastPathComponent
        let regionText = partition.map { "\($0.faceCount) regions" } ?? "more than \(exactMaxRegions) regions"
        // JSON has no infinity: a perfect fit reports 100 dB.
        let psnr = task.kind == .regression ? min(final.psnr ?? 0, 100) : nil
        // The pixels the run never trained on, scored with the final weights.
        let heldOut = trainer.testRows.isEmpty ? nil : trainer.evaluate(rows: trainer.testRows)
        let score =
            psnr.map { String(format: "PSNR %.2f dB", $0) } ?? String(format: "accuracy %.1f %%", final.accuracy * 100)
        let subtitle = "\(imageName) · \(arch), \(mlp.activation) · \(task) · \(trainer.epoch) epochs · \(score)"
        func content(_ title: String) -> FigureContent {
            FigureContent(
                mlp: mlp, domain: domain, partition: partition, sampled: sampled, sampledReason: sampledReason,
                dataset: dataset, title: title, subtitle: subtitle, task: task)
        }
        let mode: RegionColorMode
        if colorMode == "slope" {
            mode = partition.map(RegionColorMode.slope(for:)) ?? .pattern
        } else if case .classes(let colors) = task {
            mode = .classTint(colors)
        } else {
            mode = .pattern
        }
        // The surface takes the picture's colours for regression, the class colours for classes.
        let surfaceMode: RegionColorMode = task.kind == .binary ? .pattern : .automatic(for: task)
        let exact = partition != nil
        let second: (name: String, title: String)
        let surfaceTitle: String
        switch task {
        case .binary:
            second = ("viz_boundary", "Decision boundary z = 0 over the training labels")
            surfaceTitle = exact ? "Logit surface — one exact plane per region" : "Logit surface, sampled on a grid"
        case .classes(let colors):
            second = ("viz_boundary", "Argmax boundary over the \(colors.count) class labels")
            surfaceTitle =
                exact
                ? "Largest class logit — one exact plane per decision cell" : "Largest class logit, sampled on a grid"
        case .regression:
            second = ("viz_reconstruction", "Reconstruction — \(score)")
            surfaceTitle =
                exact
                ? "Reconstructed surface — one exact plane per region" : "Reconstructed surface, sampled on a grid"
        }
        let regionsTitle =
            (exact ? "Exact linear regions — \(regionText)" : "Linear regions, sampled — \(regionText)")
            + (task.kind == .classes && exact ? ", tinted by the winning class" : "")

        let figureStart = ContinuousClock.now
        var files: [String] = []
        for format in formats {
            let ext = format.rawValue
            let scale = format == .png ? 1.5 : 1
            try figure("viz_exact_regions.\(ext)", format, scale) {
                RunFigures.regions($0, content(regionsTitle), colorMode: mode)
            }
            try figure("\(second.name).\(ext)", format, scale) { RunFigures.boundary($0, content(second.title)) }
            try figure("viz_3d.\(ext)", format, scale) {
                RunFigures.surface($0, content(surfaceTitle), colorMode: surfaceMode)
            }
            files += ["viz_exact_regions.\(ext)", "\(second.name).\(ext)", "viz_3d.\(ext)"]
        }
        let secondsFigures = CLI.seconds(since: figureStart)

        try writeLog()
        var model = ModelFile(mlp: mlp, domain: domain, task: task)
        model.metadata["trained_on"] = imageName
        model.metadata["epochs"] = "\(trainer.epoch)"
        if let psnr {
            model.metadata["psnr_db"] = "\(psnr)"
        } else {
            model.metadata["final_accuracy"] = "\(final.accuracy)"
        }
        try model.write(to: outDir.file("model.safetensors"))
        files += ["train_log.csv", "model.safetensors", "config.json"]

        var results: [String: Any] = [
            "pixels": dataset.count, "epochs": trainer.epoch, "steps": trainer.step,
            "final_loss": final.loss, "task": task.kind.rawValue, "outputs": mlp.outputCount,
            "classes": task.classColors.map(\.hex),
            "final_accuracy": psnr == nil ? final.accuracy as Any : NSNull(), "psnr_db": psnr as Any? ?? NSNull(),
            "decision_regions": task.kind == .regression
                ? NSNull() : partition.map { $0.decisionRegions as Any } ?? NSNull(),
            "regions": partition.map { $0.faceCount as Any } ?? NSNull(), "exact": partition != nil,
            "faces_per_layer": partition?.facesPerLayer ?? [], "boundary_polylines": partition?.boundary.count ?? 0,
            "held_out": heldOut.map { h -> Any in
                [
                    "pixels": trainer.testRows.count, "loss": h.loss,
                    "accuracy": psnr == nil ? h.accuracy as Any : NSNull(),
                    "psnr_db": psnr == nil ? NSNull() : min(h.psnr ?? 0, 100) as Any,
                ]
            } ?? NSNull(),
            "stopped_early": stopReason as Any? ?? NSNull(),
            "seconds_train": secondsTrain,
            "seconds_per_epoch": trainer.epoch > 0 ? secondsTrain / Double(trainer.epoch) : 0,
            "seconds_regions": secondsRegions, "seconds_figures": secondsFigures,
            "seconds_total": CLI.seconds(since: runStart),
        ]
        if task == .binary { results["positives"] = dataset.positives }
        let config: [String: Any] = [
            "image": imagePath, "image_size": [dataset.image.width, dataset.image.height],
            "hidden_widths": mlp.hiddenWidths, "activation": mlp.activation.name,
            "negative_slope": mlp.activation.negativeSlope,
            "epochs": trainer.config.epochs, "learning_rate": trainer.config.learningRate,
            "schedule": trainer.config.schedule.rawValue,
            "weight_decay": trainer.config.weightDecay, "batch_size": trainer.config.batchSize,
            "seed": trainer.config.seed, "test_share": trainer.config.testShare,
            "optimizer": "AdamW(betas=(0.9, 0.999), eps=1e-8)", "loss": Self.lossName(task), "task": task.kind.rawValue,
            "classes": task.classColors.map(\.hex), "outputs": mlp.outputCount, "threshold": dataset.threshold,
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
            let labels = task == .binary ? "\(dataset.positives) dark" : "\(task)"
            print(
                "trained    \(arch), \(mlp.activation) on \(imageName) (\(dataset.image.width)×\(dataset.image.height), \(dataset.count) pixels, \(labels))"
            )
            let result =
                psnr.map { String(format: "PSNR %.2f dB", $0) }
                ?? String(format: "accuracy %.2f %%", final.accuracy * 100)
            if let h = heldOut {
                let score =
                    psnr == nil
                    ? String(format: "accuracy %.2f %%", h.accuracy * 100)
                    : String(format: "PSNR %.2f dB", min(h.psnr ?? 0, 100))
                print(
                    String(format: "held out   %d pixels never trained on: loss %.4f, ", trainer.testRows.count, h.loss)
                        + score)
            }
            print(
                String(format: "result     loss %.4f, ", final.loss) + result
                    + String(
                        format: " after %d epochs (%.2f s, %.2f ms/epoch)", trainer.epoch, secondsTrain,
                        1000 * secondsTrain / Double(max(1, trainer.epoch))))
            if task.kind == .classes, let p = partition {
                print("decision   \(p.decisionRegions) decision regions (regions split by the argmax boundary)")
            }
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

    static func lossName(_ task: LearningTask) -> String {
        switch task {
        case .binary: return "BCEWithLogits"
        case .classes: return "CrossEntropy"
        case .regression: return "MSE"
        }
    }

    private func writeLog() throws {
        // Regression has no accuracy; its log reports the PSNR of each epoch instead.
        let regression = dataset.task.kind == .regression
        let scoreName = regression ? "psnr_db" : "accuracy"
        let held = !trainer.testRows.isEmpty
        var csv = "epoch,loss,\(scoreName),learning_rate,seconds\(held ? ",test_loss,test_\(scoreName)" : "")\n"
        for s in trainer.history {
            let score = regression ? s.psnr.map { "\($0)" } ?? "" : "\(s.accuracy)"
            csv += "\(s.epoch),\(s.loss),\(score),\(s.learningRate),\(s.seconds)"
            if held, let t = s.test {
                csv += ",\(t.loss),\(regression ? t.psnr.map { "\($0)" } ?? "" : "\(t.accuracy)")"
            }
            csv += "\n"
        }
        try Data(csv.utf8).write(to: outDir.file("train_log.csv"), options: .atomic)
    }
}
