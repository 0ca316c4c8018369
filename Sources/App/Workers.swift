import FastMatrix
import Foundation
import GtkKit
import NeuralNet
import Regions

/// What the training thread hands to the window: value types only.
struct TrainingSnapshot: Sendable {
    var mlp: MLP
    var epoch: Int
    var history: [EpochStats]
    var running: Bool
    var error: String?
}

/// Holds the newest value for the main loop; at most one hop is pending, so a fast producer
/// never floods GLib's queue.
final class Mailbox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    private var pending = false
    private let deliver: @MainActor @Sendable (T) -> Void

    init(_ deliver: @escaping @MainActor @Sendable (T) -> Void) { self.deliver = deliver }

    func post(_ v: T) {
        lock.lock()
        value = v
        let schedule = !pending
        pending = true
        lock.unlock()
        guard schedule else { return }
        runOnMain { [self] in
            lock.lock()
            let v = value
            value = nil
            pending = false
            lock.unlock()
            if let v { deliver(v) }
        }
    }
}

/// Trains on a background thread. The window sends commands (play, pause, step, learning rate,
/// stop); snapshots come back through a mailbox, at most about 20 a second.
final class TrainingSession: @unchecked Sendable {
    private let condition = NSCondition()
    private var playing = false
    private var stepsRequested = 0
    private var stopped = false
    private var pendingLearningRate: Double?
    private let trainer: Trainer
    private let epochLimit: Int
    private let mailbox: Mailbox<TrainingSnapshot>
    private var lastPost = ContinuousClock.now - .seconds(1)
    /// Weights every `snapshotEvery` epochs, recorded here (deliveries are coalesced, so the
    /// window would miss most of them) and drained by the main thread.
    private var newSnapshots: [(epoch: Int, mlp: MLP)] = []
    let snapshotEvery: Int

    /// `pretrain` epochs run before the thread starts (the screenshot mode's deterministic start).
    init(trainer: Trainer, epochLimit: Int, pretrain: Int = 0, snapshotEvery: Int = 10,
         deliver: @escaping @MainActor @Sendable (TrainingSnapshot) -> Void) {
        self.trainer = trainer
        self.epochLimit = epochLimit
        self.snapshotEvery = snapshotEvery
        newSnapshots = [(trainer.epoch, trainer.mlp)]
        mailbox = Mailbox(deliver)
        OpenBLASMatrixEngine.setThreads(1)
        for _ in 0..<min(pretrain, epochLimit) {
            _ = try? trainer.trainEpoch()
            if trainer.epoch % snapshotEvery == 0 { newSnapshots.append((trainer.epoch, trainer.mlp)) }
        }
        let thread = Thread { [self] in loop() }
        thread.name = "nnviz training"
        thread.start()
    }

    func play() { command { if self.trainer.epoch < self.epochLimit { self.playing = true } } }
    func pause() { command { self.playing = false } }
    func step() { command { self.stepsRequested += 1 } }
    func stop() { command { self.stopped = true } }
    func setLearningRate(_ lr: Double) { command { self.pendingLearningRate = lr } }
    var isPlaying: Bool { condition.lock(); defer { condition.unlock() }; return playing }

    /// The timeline entries recorded since the last call.
    func takeNewSnapshots() -> [(epoch: Int, mlp: MLP)] {
        condition.lock()
        defer { newSnapshots = []; condition.unlock() }
        return newSnapshots
    }

    private func command(_ f: () -> Void) {
        condition.lock()
        f()
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        OpenBLASMatrixEngine.setThreads(1)
        post(force: true)
        while true {
            condition.lock()
            while !stopped && !playing && stepsRequested == 0 { condition.wait() }
            if stopped { condition.unlock(); return }
            if let lr = pendingLearningRate { trainer.setLearningRate(lr); pendingLearningRate = nil }
            if stepsRequested > 0 { stepsRequested -= 1 }
            condition.unlock()

            var failure: String? = nil
            do { try trainer.trainEpoch() } catch { failure = "\(error)" }
            condition.lock()
            if trainer.epoch % snapshotEvery == 0 { newSnapshots.append((trainer.epoch, trainer.mlp)) }
            if failure != nil || trainer.epoch >= epochLimit { playing = false; stepsRequested = 0 }
            let idle = !playing && stepsRequested == 0
            condition.unlock()
            post(force: idle || failure != nil, error: failure)
        }
    }

    private func post(force: Bool, error: String? = nil) {
        let now = ContinuousClock.now
        guard force || now - lastPost >= .milliseconds(50) else { return }
        lastPost = now
        condition.lock()
        let running = playing
        condition.unlock()
        mailbox.post(TrainingSnapshot(mlp: trainer.mlp, epoch: trainer.epoch, history: trainer.history, running: running, error: error))
    }
}

/// A computed partition and what it was computed for.
struct PartitionResult: Sendable {
    var partition: Partition?
    var error: String?
    var request: PartitionRequest
    var seconds: Double
}

struct PartitionRequest: Sendable {
    var mlp: MLP
    var domain: Domain
    var epoch: Int
    var generation: Int
}

/// Computes partitions on a background thread. A newer request cancels the running one, so the
/// view always converges on the latest network and zoom.
final class PartitionWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var latest: PartitionRequest?
    private var running: CancellationToken?
    private let mailbox: Mailbox<PartitionResult>
    let maxFaces: Int

    init(maxFaces: Int, deliver: @escaping @MainActor @Sendable (PartitionResult) -> Void) {
        self.maxFaces = maxFaces
        mailbox = Mailbox(deliver)
        let thread = Thread { [self] in loop() }
        thread.name = "nnviz regions"
        thread.start()
    }

    func request(_ r: PartitionRequest) {
        condition.lock()
        latest = r
        running?.cancel()
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while latest == nil { condition.wait() }
            let r = latest!
            latest = nil
            let token = CancellationToken()
            running = token
            condition.unlock()
            let start = ContinuousClock.now
            do {
                let p = try Partition.compute(r.mlp, domain: r.domain, limits: PartitionLimits(maxFaces: maxFaces, maxMemoryBytes: 1536 << 20, threads: 1), cancel: token)
                mailbox.post(PartitionResult(partition: p, error: nil, request: r, seconds: seconds(since: start)))
            } catch PartitionError.cancelled {
                continue
            } catch {
                mailbox.post(PartitionResult(partition: nil, error: "\(error)", request: r, seconds: seconds(since: start)))
            }
        }
    }

    private func seconds(since s: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - s
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
