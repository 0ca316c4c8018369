import Foundation
import NeuralNet
import Regions

/// Opening images and models, and saving what the window made.
extension AppCore {
    /// Opens an image to train on or a `.safetensors` model, by its extension. Asks first when
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
        if path.lowercased().hasSuffix(".safetensors") {
            loadModel(path)
        } else {
            loadImage(path, pretrain: pretrainEpochs)
        }
    }

    private func loadImage(_ path: String, pretrain: Int) {
        let grey: GreyImage
        do {
            grey = try images.loadGrey(path: path, maxSide: Self.maxImageSide)
        } catch {
            return showMessage("\(URL(fileURLWithPath: path).lastPathComponent): \(error)")
        }
        stopSession()
        clearRun()
        image = grey
        dataset = Dataset(image: grey, threshold: settings.threshold, invert: settings.invert)
        imagePath = path
        modelPath = nil
        loadedModel = nil
        loadedDomain = nil
        viewBox = dataset?.domain ?? .unitSquare
        message = nil
        startSession(initial: nil, pretrain: pretrain)
        log("opened image \(path)")
        announce([.document, .settings, .training, .timeline, .network, .view, .hover, .message])
        requestPartition(urgent: true)
    }

    private func loadModel(_ path: String) {
        let file: ModelFile
        do {
            file = try ModelFile(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return showMessage("\(URL(fileURLWithPath: path).lastPathComponent): \(error)")
        }
        stopSession()
        clearRun()
        // The controls describe the network that was opened.
        settings.widths = file.mlp.hiddenWidths
        settings.activation = file.mlp.activation
        modelPath = path
        message = nil
        if let dataset, file.domain == nil || file.domain == dataset.domain {
            // Train the opened network on the current image.
            startSession(initial: file.mlp)
        } else {
            dataset = nil
            image = nil
            imagePath = nil
            loadedModel = file.mlp
            loadedDomain = file.domain ?? .unitSquare
            timeline = Timeline(parameterCount: file.mlp.parameterCount)
            timeline.append(epoch: 0, mlp: file.mlp)
            builtSettings = settings
        }
        viewBox = domain
        log("opened model \(path)")
        announce([.document, .settings, .training, .timeline, .network, .view, .hover, .message])
        requestPartition(urgent: true)
    }

    /// Shows a network without a file (benchmarks and tests).
    public func show(network mlp: MLP, domain d: Domain) {
        stopSession()
        clearRun()
        dataset = nil
        image = nil
        imagePath = nil
        modelPath = nil
        loadedModel = mlp
        loadedDomain = d
        viewBox = d
        settings.widths = mlp.hiddenWidths
        settings.activation = mlp.activation
        builtSettings = settings
        timeline = Timeline(parameterCount: mlp.parameterCount)
        timeline.append(epoch: 0, mlp: mlp)
        announce([.document, .settings, .training, .timeline, .network, .view, .hover])
        requestPartition(urgent: true)
    }

    /// Writes the shown network as safetensors (with its domain and activation).
    public func saveModel(to path: String) {
        guard let mlp = shownNetwork else { return showMessage("No network to save yet.") }
        do {
            try ModelFile(mlp: mlp, domain: domain).write(to: URL(fileURLWithPath: path))
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

    /// A name for a saved file that says what it holds: `spirals128_16x16x16_epoch600_regions`.
    public func suggestedName(_ what: String) -> String {
        let base =
            (imagePath ?? modelPath).map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            ?? "nnviz"
        let shape = (shownNetwork?.hiddenWidths ?? settings.widths).map(String.init).joined(separator: "x")
        return "\(base)_\(shape)_epoch\(shownEpoch)_\(what)"
    }
}
