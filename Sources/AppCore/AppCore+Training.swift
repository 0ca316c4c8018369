import FastMatrix
import Foundation
import NeuralNet

/// Training intents: play, pause, step, reset, resume from a snapshot, scrub.
extension AppCore {
    public func togglePlay() {
        if playRequested || isTraining { pause() } else { play() }
    }

    /// Trains on. While a past epoch is shown, training resumes from it (asking first when that
    /// drops later epochs); past the epoch limit it says how to go on.
    public func play() {
        guard let session else { return showMessage("Open an image to train on (Ctrl+O).") }
        if let i = scrubIndex { return resume(fromSnapshot: i, thenPlay: true) }
        guard liveEpoch < settings.epochLimit else {
            return showMessage("Reached the epoch limit of \(settings.epochLimit): raise it to train on.")
        }
        playRequested = true
        session.play()
        announce(.training)
    }

    public func pause() {
        guard let session else { return }
        playRequested = false
        session.pause()
        announce(.training)
    }

    /// Trains one epoch.
    public func step() {
        guard let session else { return showMessage("Open an image to train on (Ctrl+O).") }
        if let i = scrubIndex { return resume(fromSnapshot: i, thenPlay: false) }
        session.step()
    }

    /// A new network from the settings the controls show. Asks first when that discards
    /// trained epochs that were not saved.
    public func reset() {
        guard dataset != nil else { return showMessage("Open an image to train on (Ctrl+O).") }
        if hasUnsavedTraining {
            return ask(
                .reset, title: "Discard the trained network?",
                detail:
                    "Epoch \(liveEpoch) of the \(builtSettings?.shapeDescription ?? "current") network has not been saved. "
                    + resetSummary,
                confirm: "Discard and Reset")
        }
        performReset()
    }

    func performReset() {
        guard let image else { return }
        if builtSettings.map({ !sameLabels($0, settings) }) ?? true {
            // A new task, threshold or inversion relabels the loaded image; a bad choice keeps all.
            adoptTaskLearningRate()
            do {
                let relabelled = try makeDataset(image, settings)
                adoptEpochLimit(for: relabelled)
                dataset = relabelled
                adoptTaskView()
                noteFewerClasses()
            } catch {
                return showMessage("\(error)")
            }
        }
        stopSession()
        clearRun()
        startSession(initial: nil)
        announce([.settings, .training, .timeline, .network, .hover, .document])
        requestPartition(urgent: true)
    }

    /// A learning rate still at the old task's default follows the task to its own (a regression
    /// converges at 0.03 where classification wants 0.01); one the user chose is kept.
    func adoptTaskLearningRate() {
        let old = builtSettings?.task.kind ?? TrainingSettings().task.kind
        let new = settings.task.kind
        guard old != new, settings.learningRate == TrainingConfig.defaultLearningRate(for: old) else { return }
        settings.learningRate = TrainingConfig.defaultLearningRate(for: new)
    }

    /// An epoch limit still at the default for the run so far follows `labelled` (its size and
    /// task) to its own default; one the user chose is kept. Call before `dataset` is replaced.
    func adoptEpochLimit(for labelled: Dataset) {
        let old =
            dataset.map {
                TrainingSettings.defaultEpochLimit(for: $0.task.kind, samples: $0.count, batchSize: settings.batchSize)
            } ?? TrainingSettings.baseEpochLimit
        guard settings.epochLimit == old else { return }
        settings.epochLimit = TrainingSettings.defaultEpochLimit(
            for: settings.task.kind, samples: labelled.count, batchSize: settings.batchSize)
    }

    /// Continues training from a timeline entry. The epochs after it are dropped, so this asks
    /// first when there are any.
    public func resume(fromSnapshot index: Int, thenPlay: Bool = true) {
        guard session != nil, index >= 0, index < timeline.count else { return }
        let epoch = timeline[index].epoch
        if liveEpoch > epoch {
            return ask(
                .resume(epoch: epoch, play: thenPlay), title: "Resume training from epoch \(epoch)?",
                detail: "Epochs \(epoch + 1)–\(liveEpoch) will be dropped from the run and the timeline.",
                confirm: "Resume from Epoch \(epoch)")
        }
        performResume(epoch: epoch, play: thenPlay)
    }

    func performResume(epoch: Int, play: Bool) {
        guard let index = timeline.index(nearest: epoch), let built = builtSettings else { return }
        let entry = timeline[index]
        stopSession()
        history.truncate(after: entry.epoch)
        timeline.truncate(after: entry.epoch)
        regionCounts = regionCounts.filter { $0.key <= entry.epoch }
        scrubIndex = nil
        // The entry's own shape: settings that wait for Reset stay pending.
        var config = settings
        config.widths = built.widths
        config.activation = built.activation
        config.batchSize = built.batchSize
        config.seed = built.seed
        config.threshold = built.threshold
        config.invert = built.invert
        config.task = built.task
        config.testShare = built.testShare
        startSession(initial: entry.mlp, resumeAt: entry.epoch, using: config, keepTimeline: true)
        log("resumed from epoch \(entry.epoch)")
        announce([.training, .timeline, .network, .settings])
        requestPartition(urgent: true)
        if play { self.play() } else { session?.step() }
    }

    /// Shows a timeline entry (nil: back to the live run).
    public func scrub(to index: Int?) {
        var i = index.map { min(max($0, 0), timeline.count - 1) }
        if let j = i, j == timeline.count - 1, !isTraining, timeline[j].epoch == liveEpoch { i = nil }
        guard i != scrubIndex else { return }
        scrubIndex = i
        announce([.network, .training, .timeline])
        requestPartition(urgent: true)
    }

    // MARK: Building and stopping

    func stopSession() {
        session?.stop()
        session = nil
        sessionID += 1
        isTraining = false
        playRequested = false
    }

    func clearRun() {
        liveNetwork = nil
        liveEpoch = 0
        savedEpoch = 0
        history.removeAll()
        scrubIndex = nil
        regionCounts = [:]
        pinnedPoint = nil
        pinnedFace = nil
    }

    /// Starts a session on the dataset with `config` (the controls' settings by default).
    func startSession(
        initial: MLP?, resumeAt epoch: Int = 0, using config: TrainingSettings? = nil, keepTimeline: Bool = false,
        pretrain: Int = 0
    ) {
        guard let dataset else { return }
        let s = config ?? settings
        var trainingConfig = TrainingConfig(
            hiddenWidths: s.widths, activation: s.activation, learningRate: s.learningRate, weightDecay: s.weightDecay,
            batchSize: s.batchSize, epochs: s.epochLimit, seed: s.seed, schedule: .constant)
        trainingConfig.testShare = s.testShare
        do {
            let trainer = try Trainer(
                dataset: dataset, config: trainingConfig, engine: OpenBLASMatrixEngine(), initial: initial,
                resumingAt: epoch)
            let network = trainer.mlp
            if !keepTimeline { timeline = Timeline(parameterCount: network.parameterCount) }
            sessionID += 1
            let id = sessionID
            session = TrainingSession(
                trainer: trainer, epochLimit: s.epochLimit, pretrain: pretrain, scheduler: scheduler
            ) { [weak self] snapshot in
                guard let self, id == self.sessionID else { return }
                self.receive(snapshot)
            }
            builtSettings = s
            liveNetwork = network
            liveEpoch = trainer.epoch
            drainSession()
        } catch {
            showMessage("\(error)")
        }
    }

    /// Moves the epochs and weights the training thread recorded into the history and timeline.
    private func drainSession() {
        guard let session else { return }
        let new = session.takeNew()
        history.append(contentsOf: new.stats)
        for e in new.entries { timeline.append(epoch: e.epoch, mlp: e.mlp) }
    }

    func receive(_ s: TrainingSnapshot) {
        if isTraining && !s.running { log("paused at epoch \(s.epoch)") }
        if !isTraining && s.running { log("training from epoch \(s.epoch)") }
        isTraining = s.running
        if !s.running && !(session?.isPlaying ?? false) { playRequested = false }
        liveNetwork = s.mlp
        liveEpoch = s.epoch
        drainSession()
        // Paused weights at an epoch's end are the timeline's end, so scrubbing reaches them.
        if !s.running && s.atEpochBoundary { timeline.append(epoch: s.epoch, mlp: s.mlp) }
        if let e = s.error { showMessage(e) }
        announce([.training, .timeline])
        if scrubIndex == nil {
            announce(.network)
            requestPartition(urgent: false)
        }
    }
}
