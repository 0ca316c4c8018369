import FastMatrix
import Foundation
import NeuralNet

/// What the training thread hands to the main actor: value types only.
struct TrainingSnapshot: Sendable {
    var mlp: MLP
    var epoch: Int
    /// The weights are those at the end of `epoch` (not part-way through the next one).
    var atEpochBoundary: Bool
    var running: Bool
    var error: String?
}

/// Trains on a background thread, one mini-batch at a time so that a pause, a new learning rate
/// or a stop takes effect within one batch. Snapshots reach the main actor through a mailbox, at
/// most about 20 a second; the epochs' statistics and the timeline's weights are queued here and
/// drained by the main actor, so coalesced deliveries lose none of them.
final class TrainingSession: @unchecked Sendable {
    private let condition = NSCondition()
    private var playing = false
    private var stepsRequested = 0
    private var stopped = false
    private var pendingLearningRate: Double?
    private var pendingWeightDecay: Double?
    private var epochLimit: Int
    /// The trainer's epoch, mirrored under the lock for commands from the main thread.
    private var epochDone: Int
    private let trainer: Trainer
    private let mailbox: Mailbox<TrainingSnapshot>
    private var lastPost = ContinuousClock.now - .seconds(1)
    /// What the last snapshot said (touched by the training thread only).
    private var postedRunning = false
    private var newStats: [EpochStats] = []
    private var newEntries: [Timeline.Entry] = []
    let snapshotEvery: Int

    /// `pretrain` epochs run synchronously before the thread starts (the screenshot mode's
    /// deterministic start).
    init(
        trainer: Trainer, epochLimit: Int, pretrain: Int = 0, snapshotEvery: Int = 10, scheduler: MainScheduler,
        deliver: @escaping @MainActor @Sendable (TrainingSnapshot) -> Void
    ) {
        self.trainer = trainer
        self.epochLimit = epochLimit
        epochDone = trainer.epoch
        self.snapshotEvery = snapshotEvery
        trainer.recordsHistory = false
        newEntries = [Timeline.Entry(epoch: trainer.epoch, mlp: trainer.mlp)]
        mailbox = Mailbox(scheduler: scheduler, deliver)
        OpenBLASMatrixEngine.setThreads(1)
        while trainer.epoch < min(pretrain, epochLimit) {
            guard let stats = try? trainer.trainEpoch() else { break }
            record(stats)
        }
        epochDone = trainer.epoch
        // Training yields to input (nice 2) but not to the partitions and pictures of its own
        // progress, which would otherwise slow it to a crawl on two cores.
        BackgroundThread.start(name: "nnviz training", nice: 2) { [self] in loop() }
    }

    func play() { command { if self.epochDone < self.epochLimit { self.playing = true } } }
    func pause() { command { self.playing = false } }
    func step() { command { self.stepsRequested += 1 } }
    func stop() { command { self.stopped = true } }
    func setLearningRate(_ lr: Double) { command { self.pendingLearningRate = lr } }
    func setWeightDecay(_ d: Double) { command { self.pendingWeightDecay = d } }
    func setEpochLimit(_ n: Int) { command { self.epochLimit = n } }

    var isPlaying: Bool {
        condition.lock()
        defer { condition.unlock() }
        return playing
    }

    /// The epochs' statistics and timeline entries recorded since the last call.
    func takeNew() -> (stats: [EpochStats], entries: [Timeline.Entry]) {
        condition.lock()
        defer {
            newStats = []
            newEntries = []
            condition.unlock()
        }
        return (newStats, newEntries)
    }

    private func command(_ f: () -> Void) {
        condition.lock()
        f()
        condition.signal()
        condition.unlock()
    }

    /// Call with the condition locked (or before the thread starts).
    private func record(_ stats: EpochStats) {
        newStats.append(stats)
        if stats.epoch % snapshotEvery == 0 { newEntries.append(Timeline.Entry(epoch: stats.epoch, mlp: trainer.mlp)) }
    }

    private func loop() {
        OpenBLASMatrixEngine.setThreads(1)
        post(force: true)
        while true {
            condition.lock()
            // Before waiting, the window must have seen that training stopped: a pause that came
            // after the last batch's post would otherwise go unreported.
            if !stopped && !playing && stepsRequested == 0 && postedRunning {
                condition.unlock()
                post(force: true)
                continue
            }
            // The first batch after a wait is posted at once: the window shows "playing" then.
            var woke = false
            while !stopped && !playing && stepsRequested == 0 {
                condition.wait()
                woke = true
            }
            if stopped {
                condition.unlock()
                return
            }
            if let lr = pendingLearningRate {
                trainer.setLearningRate(lr)
                pendingLearningRate = nil
            }
            if let d = pendingWeightDecay {
                trainer.setWeightDecay(d)
                pendingWeightDecay = nil
            }
            condition.unlock()

            var failure: String? = nil
            var finished: EpochStats? = nil
            do { finished = try trainer.trainBatch() } catch { failure = "\(error)" }
            condition.lock()
            epochDone = trainer.epoch
            if let finished {
                record(finished)
                if stepsRequested > 0 { stepsRequested -= 1 }
            }
            if failure != nil || (finished != nil && trainer.epoch >= epochLimit) {
                playing = false
                stepsRequested = 0
            }
            let idle = !playing && stepsRequested == 0
            condition.unlock()
            post(force: woke || idle || failure != nil, error: failure)
        }
    }

    /// Runs on the training thread only: it reads the trainer's weights.
    private func post(force: Bool, error: String? = nil) {
        let now = ContinuousClock.now
        guard force || now - lastPost >= .milliseconds(50) else { return }
        lastPost = now
        condition.lock()
        let running = playing || stepsRequested > 0
        condition.unlock()
        postedRunning = running
        mailbox.post(
            TrainingSnapshot(
                mlp: trainer.mlp, epoch: trainer.epoch, atEpochBoundary: trainer.batchesDoneInEpoch == 0,
                running: running,
                error: error))
    }
}
