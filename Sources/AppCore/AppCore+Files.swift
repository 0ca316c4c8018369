import Foundation
import NeuralNet
import Regions

/// Opening images and models, and saving what the window made.
extension AppCore {
    /// Opens an image to train on, a `.safetensors` model or a `.nnviz` session, by its extension. Asks first when
    /// that would discard trained epochs that were not saved. A file that cannot be used leaves
    /// everything as it was and says why.
    public func open(_ path: String, pretrainEpochs: Int = 0) {
        if hasUnsavedTraining {
            let name = URL(fileURLWithPath: path).lastPathComponent
            return ask(
                .open(path: path), title: "Open \(name) and discard the trained network?",
                detail:
                    "Epoch \(liveEpoch) of the \(builtSettings?.shapeDescription ?? "current") network has not been saved.",
                confirm: "Discard and Open")
        }
        performOpen(path, pretrainEpochs: pretrainEpochs)
    }

    func performOpen(_ path: String, pretrainEpochs: Int = 0) {
        if path.lowercased().hasSuffix("." + SessionFile.fileExtension) {
            loadSession(path)
        } else if path.lowercased().hasSuffix(".safetensors") {
            loadModel(path)
        } else {
            loadImage(path, pretrain: pretrainEpochs)
        }
    }

    private func loadImage(_ path: String, pretrain: Int) {
        let loaded: ColorImage
        let labelled: Dataset
        do {
            loaded = try images.loadColor(path: path, maxSide: Self.maxImageSide)
            labelled = try makeDataset(loaded, settings)
        } catch {
            // The loader's message starts with the whole path (see `ImageSource`); the window
            // names the file once, by its name.
            var reason = "\(error)"
            if reason.hasPrefix(path + ": ") { reason.removeFirst(path.count + 2) }
            return showMessage("\(URL(fileURLWithPath: path).lastPathComponent): \(reason)")
        }
        stopSession()
        clearRun()
        image = loaded
        adoptEpochLimit(for: labelled)
        dataset = labelled
        adoptTaskView()
        imagePath = path
        noteFewerClasses()
        modelPath = nil
        loadedModel = nil
        loadedTask = nil
        loadedDomain = nil
        leavePlane()
        viewBox = dataset?.domain ?? .unitSquare
        message = nil
        adoptTaskLearningRate()
        startSession(initial: nil, pretrain: pretrain)
        log("opened image \(path)")
        announce([.document, .settings, .training, .timeline, .network, .view, .hover, .message])
        requestPartition(urgent: true)
    }

    private func loadModel(_ path: String) {
        let file: ModelFile
        do {
            let opened = try NetworkFile(contentsOf: URL(fileURLWithPath: path))
            if opened.network.inputCount != 2 { return awaitPoints(for: opened, path: path) }
            file = try ModelFile(opened)
        } catch {
            return showMessage("\(URL(fileURLWithPath: path).lastPathComponent): \(error)")
        }
        // The controls describe the network that was opened, its task included.
        var opened = settings
        opened.widths = file.mlp.hiddenWidths
        opened.activation = file.mlp.activation
        opened.task = Self.choice(for: file.task, keeping: settings.task)
        // Train the opened network on the current image when it fits it, relabelled for the
        // model's task if that differs.
        var relabelled: Dataset? = nil
        if let image, let dataset, file.domain == nil || file.domain == dataset.domain {
            relabelled = dataset
            if dataset.task.kind != file.task.kind || dataset.outputCount != file.mlp.outputCount {
                relabelled = try? makeDataset(image, opened)
            }
            if relabelled?.outputCount != file.mlp.outputCount { relabelled = nil }
        }
        stopSession()
        clearRun()
        leavePlane()
        settings = opened
        modelPath = path
        message = nil
        if let relabelled {
            dataset = relabelled
            startSession(initial: file.mlp)
        } else {
            showWithoutImage(file.mlp, task: file.task, domain: file.domain ?? .unitSquare, modelPath: path)
            builtSettings = settings
        }
        adoptTaskView()
        viewBox = domain
        log("opened model \(path)")
        announce([.document, .settings, .training, .timeline, .network, .view, .hover, .message])
        requestPartition(urgent: true)
    }

    /// Shows a network without a file (benchmarks and tests).
    public func show(network mlp: MLP, domain d: Domain) {
        stopSession()
        clearRun()
        leavePlane()
        let t: LearningTask =
            mlp.outputCount == 1 ? .binary : .classes(ClassColor.defaultPalette(count: mlp.outputCount))
        showWithoutImage(mlp, task: t, domain: d, modelPath: nil)
        viewBox = d
        settings.widths = mlp.hiddenWidths
        settings.activation = mlp.activation
        settings.task = Self.choice(for: task, keeping: settings.task)
        builtSettings = settings
        adoptTaskView()
        announce([.document, .settings, .training, .timeline, .network, .view, .hover])
        requestPartition(urgent: true)
    }

    /// Shows `mlp` with nothing to train it on: a model opened without an image it fits, a
    /// session of one, or a network from a benchmark. Its timeline is it alone, at `epoch`, unless
    /// `keepTimeline` keeps the one already set (a session's).
    func showWithoutImage(
        _ mlp: MLP, task t: LearningTask, domain d: Domain, modelPath path: String?, epoch: Int = 0,
        keepTimeline: Bool = false
    ) {
        dataset = nil
        image = nil
        imagePath = nil
        modelPath = path
        loadedModel = mlp
        loadedTask = t
        loadedDomain = d
        if !keepTimeline { timeline = Timeline(parameterCount: mlp.parameterCount) }
        if timeline.isEmpty { timeline.append(epoch: epoch, mlp: mlp) }
    }

    /// Writes the shown network as safetensors (with its domain and activation).
    public func saveModel(to path: String) {
        guard let mlp = shownNetwork else { return showMessage("No network to save yet.") }
        if let plane { return savePlaneModel(plane, to: path) }
        do {
            try ModelFile(mlp: mlp, domain: domain, task: task).write(to: URL(fileURLWithPath: path))
            if scrubIndex == nil { savedEpoch = liveEpoch }
            reportSaved(path)
        } catch {
            showMessage("\(error)")
        }
    }

    /// Writes the shown partition as JSON.
    public func exportRegions(to path: String) {
        guard let p = partition else { return showMessage("No regions to export yet.") }
        do {
            try RegionsJSON.write(p, to: URL(fileURLWithPath: path))
            reportSaved(path)
        } catch {
            showMessage("\(error)")
        }
    }

    /// A file was written (by the core or by the window's figure export).
    public func reportSaved(_ path: String) {
        notice = "Saved to \(path)"
        log("saved \(path)")
        announce(.message)
    }

    /// The labels the settings give the image: binary by the threshold, K quantised colour
    /// classes, or the image itself for a regression.
    func makeDataset(_ image: ColorImage, _ s: TrainingSettings) throws -> Dataset {
        try Dataset(image: image, choice: s.task, threshold: s.threshold, invert: s.invert)
    }

    /// An image with fewer colours than the classes asked for gets one class per colour; say so.
    func noteFewerClasses() {
        guard settings.task.kind == .classes, let dataset, dataset.outputCount < settings.task.classes else { return }
        let name = imagePath.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "The image"
        notice =
            "\(name) has only \(dataset.outputCount) colours: \(dataset.outputCount) classes instead of \(settings.task.classes)."
        announce(.message)
    }

    /// Whether two settings label the image the same way.
    func sameLabels(_ a: TrainingSettings, _ b: TrainingSettings) -> Bool {
        TrainingSettings.sameTask(a.task, b.task)
            && (!a.usesThreshold || (a.threshold == b.threshold && a.invert == b.invert))
    }

    /// The controls' form of a resolved task; K and channels the task does not use stay as they were.
    static func choice(for task: LearningTask, keeping old: TaskChoice) -> TaskChoice {
        var c = old
        c.kind = task.kind
        if case .classes(let colors) = task { c.classes = colors.count }
        if case .regression(let channels) = task { c.channels = channels }
        return c
    }

    /// A name for a saved file that says what it holds: `spirals128_16x16x16_epoch600_regions`.
    public func suggestedName(_ what: String) -> String {
        let base =
            (imagePath ?? modelPath).map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            ?? "nnviz"
        let shape = (shownNetwork?.hiddenWidths ?? settings.widths).map(String.init).joined(separator: "x")
        return "\(base)_\(shape)_epoch\(shownEpoch)_\(what)"
    }
}
