import ArgumentParser
import Drawing
import FastMatrix
import Foundation
import Media
import NeuralNet
import Regions

/// `nnviz IMAGE --width W --depth D`: the original tool's command, exact and fast.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract:
            "Train an MLP on an image (its dark pixels, colour classes or grey levels) and write exact region figures, the log and the model.",
        discussion: """
            Typed as the original tool's command: nnviz IMAGE --width 8 --depth 2. Writes into
            runs/<timestamp>_<image>/ (or --save-dir): viz_exact_regions, viz_boundary, viz_3d (PNG, and SVG/PDF
            with --format), train_log.csv, model.safetensors and config.json.
            """
    )

    @Argument(help: "The image (PNG, JPEG, GIF, BMP, TIFF, WebP).")
    var image: String

    @Option(help: "Neurons per hidden layer.") var width: Int?
    @Option(help: "Number of hidden layers.") var depth: Int?
    @Option(help: ArgumentHelp("Per-layer widths instead of --width/--depth, e.g. 16,16,8.", valueName: "w,w,…"))
    var widths: String?

    @Option(
        help:
            "Training epochs (default: enough optimiser steps to train small images — 3000, 6000 for regression — at least 300)."
    )
    var epochs: Int?
    @Option(
        help:
            "Learning rate (default with the cosine schedule 0.01, 0.03 for regression; 0.001 with --schedule constant, as the original)."
    )
    var lr: Double?
    @Option(help: "Learning-rate schedule: cosine or constant (the original tool's).") var schedule: String = "cosine"
    @Option(help: "AdamW weight decay.") var weightDecay: Double = 1e-4
    @Option(help: "Mini-batch size in pixels.") var batchSize: Int = 8192
    @Option(help: "relu or leaky_relu.") var activation: String = "leaky_relu"
    @Option(help: "Negative slope of leaky_relu.") var negativeSlope: Double = 0.02
    @Option(help: "Seed for initialisation and shuffling.") var seed: UInt64 = 0
    @Option(help: "Share of the pixels held out of training and scored after every epoch, 0…0.5 (a test set).")
    var testShare: Double = 0

    @Option(
        help: ArgumentHelp(
            "What to learn: binary (dark pixels), classes (the image's colours quantised into --classes K), or regression (the grey level, or RGB with --channels 3).",
            valueName: "task"))
    var task: TaskKind = .binary
    @Option(help: "K for --task classes: colour classes, 2…12 (fewer if the image has fewer colours).") var classes:
        Int = 3
    @Option(help: "Channels for --task regression: 1 (grey) or 3 (RGB).") var channels: Int = 1

    @Option(help: "Darkness threshold: pixels darker than this are label 1.") var threshold: Double = 0.5
    @Flag(help: "Label light pixels 1 instead of dark ones.") var invert = false
    @Option(help: "Downsample (area average) so the longer side is at most N pixels.") var maxSide: Int?

    @Option(help: "Output folder (default runs/<timestamp>_<image>).") var saveDir: String?
    @Option(help: "Also save the run as a window session: nnviz gui FILE.nnviz opens it and trains on.")
    var saveSession: String?
    @Option(help: "Also make a video of the training (WebM): the exact regions every --animate-every epochs.")
    var animate: String?
    @Option(help: "Epochs between the video's frames (default: about 100 frames over the run).")
    var animateEvery: Int?
    @Option(help: "Frames per second of the video.") var animateFps: Int = 10
    @Flag(help: "Replace the output folder if it exists and is not empty.") var force = false
    @Option(help: "Figure formats, comma-separated: png,svg,pdf.") var format: String = "png"
    @Option(help: "Region colours: pattern (stable hash of the activation pattern) or slope (‖∇z‖ with a colour bar).")
    var color: String = "pattern"
    @Option(help: "Above this many regions the figures are sampled (and labelled so) instead of exact.")
    var exactMaxRegions: Int = 200_000
    @Option(help: "Threads for matrix products (default: all cores for layers of 64 or more, else 1).") var threads:
        Int?
    @Flag(help: "Print one JSON object as the last line of output.") var json = false

    mutating func validate() throws {
        if widths == nil && (width == nil || depth == nil) {
            throw ValidationError("give --width and --depth, or --widths w,w,…")
        }
        if let width, width < 1 || width > 4096 { throw ValidationError("--width must be between 1 and 4096") }
        if let depth, depth < 1 || depth > 64 { throw ValidationError("--depth must be between 1 and 64") }
        if let epochs, epochs < 0 { throw ValidationError("--epochs must not be negative") }
        if let lr, !(lr.isFinite && lr > 0) { throw ValidationError("--lr must be a positive number") }
        if !(weightDecay.isFinite && weightDecay >= 0) {
            throw ValidationError("--weight-decay must be a non-negative number")
        }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if !(threshold.isFinite && threshold >= 0 && threshold < 1) {
            throw ValidationError("--threshold must be in [0, 1)")
        }
        if let maxSide, maxSide < 1 { throw ValidationError("--max-side must be at least 1") }
        if !LearningTask.classRange.contains(classes) {
            throw ValidationError(
                "--classes must be between \(LearningTask.classRange.lowerBound) and \(LearningTask.classRange.upperBound)"
            )
        }
        if channels != 1 && channels != 3 { throw ValidationError("--channels must be 1 (grey) or 3 (RGB)") }
        if exactMaxRegions < 1 { throw ValidationError("--exact-max-regions must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if LearningRateSchedule(rawValue: schedule) == nil {
            throw ValidationError("--schedule must be cosine or constant")
        }
        if !["pattern", "slope"].contains(color) { throw ValidationError("--color must be pattern or slope") }
        _ = try formats()
        if let a = animate, !a.lowercased().hasSuffix(".webm") {
            throw ValidationError("--animate takes a .webm file name")
        }
        if let n = animateEvery, n < 1 { throw ValidationError("--animate-every must be at least 1") }
        if !(1...60).contains(animateFps) { throw ValidationError("--animate-fps must be between 1 and 60") }
        if let s = saveSession, !s.lowercased().hasSuffix(".nnviz") {
            throw ValidationError("--save-session takes a .nnviz file name")
        }
    }

    func formats() throws -> [FigureFormat] {
        let list = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let parsed = list.compactMap(FigureFormat.init(rawValue:))
        guard !parsed.isEmpty, parsed.count == list.count else {
            throw ValidationError("--format takes png, svg and/or pdf, comma-separated")
        }
        return parsed
    }

    static let defaultEpochs = 300

    func run() throws {
        let runStart = ContinuousClock.now
        let hidden = try widths.map(CLI.parseWidths) ?? Array(repeating: width!, count: depth!)
        let act: Activation
        do { act = try Activation(name: activation, negativeSlope: negativeSlope) } catch { throw CLIError("\(error)") }
        let sched = LearningRateSchedule(rawValue: schedule)!

        let picture: ColorImage
        do { picture = try ImageLoader.loadColor(URL(fileURLWithPath: image), maxSide: maxSide) } catch {
            throw CLIError("\(error)")
        }
        let dataset: Dataset
        do {
            dataset = try Dataset(
                image: picture, choice: TaskChoice(kind: task, classes: classes, channels: channels),
                threshold: threshold, invert: invert)
        } catch { throw CLIError("\(error)") }
        let batchesPerEpoch = (dataset.count + batchSize - 1) / batchSize
        let steps = TrainingConfig.minimumSteps(for: task)
        let epochCount = epochs ?? max(Self.defaultEpochs, (steps + batchesPerEpoch - 1) / batchesPerEpoch)
        var config = TrainingConfig(
            hiddenWidths: hidden, activation: act,
            learningRate: lr ?? (sched == .cosine ? TrainingConfig.defaultLearningRate(for: task) : 0.001),
            weightDecay: weightDecay, batchSize: batchSize, epochs: epochCount, seed: seed, schedule: sched)
        config.testShare = testShare
        do { try config.validate() } catch { throw CLIError("\(error)") }

        let outDir = try RunFolder.prepare(saveDir: saveDir, imagePath: image, force: force)
        // Small products finish before a second thread could start: one thread is faster there.
        let threadCount = threads ?? (hidden.max()! >= 64 ? ProcessInfo.processInfo.activeProcessorCount : 1)
        OpenBLASMatrixEngine.setThreads(threadCount)
        let trainer: Trainer
        do { trainer = try Trainer(dataset: dataset, config: config, engine: OpenBLASMatrixEngine()) } catch {
            throw CLIError("\(error)")
        }

        let progress = ProgressBar(total: epochCount)
        let trainStart = ContinuousClock.now
        var stopReason: String? = nil
        let every = animateEvery ?? max(1, (epochCount + 99) / 100)
        var frames: [TrainingVideo.Frame] = []
        if animate != nil { frames.append(.init(epoch: 0, mlp: trainer.mlp, stats: nil)) }
        do {
            for _ in 0..<epochCount {
                let s = try trainer.trainEpoch()
                progress.update(epoch: s.epoch, loss: s.loss, accuracy: s.accuracy)
                if animate != nil && (s.epoch % every == 0 || s.epoch == epochCount) {
                    frames.append(.init(epoch: s.epoch, mlp: trainer.mlp, stats: s))
                }
            }
        } catch {
            stopReason = "\(error)"
        }
        progress.finish()
        let secondsTrain = CLI.seconds(since: trainStart)
        if let stopReason { FileHandle.standardError.write(Data("nnviz: \(stopReason)\n".utf8)) }
        let final = trainer.evaluate()
        let mlp = trainer.mlp
        if let animate {
            let shown = isatty(2) != 0
            let video = TrainingVideo(
                path: animate, dataset: dataset, exactMaxRegions: exactMaxRegions, framesPerSecond: animateFps,
                frames: frames)
            let made: Int
            do {
                made = try video.write { k in
                    if shown { FileHandle.standardError.write(Data("\r  video frame \(k)/\(frames.count) ".utf8)) }
                }
            } catch { throw CLIError("\(error)") }
            if shown { FileHandle.standardError.write(Data("\n".utf8)) }
            if !json { print("video      \(animate): \(made) frames at \(animateFps) per second") }
        }
        if let saveSession {
            try RunSession(command: self, picture: picture, dataset: dataset, trainer: trainer).write(to: saveSession)
        }
        try RunWriter(
            outDir: outDir, formats: try formats(), colorMode: color, exactMaxRegions: exactMaxRegions,
            imagePath: image, dataset: dataset, trainer: trainer, mlp: mlp, final: final,
            secondsTrain: secondsTrain, stopReason: stopReason, threads: threadCount, command: self, runStart: runStart,
            json: json
        ).write()
    }
}
