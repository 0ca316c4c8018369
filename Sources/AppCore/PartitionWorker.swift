import Foundation
import NeuralNet
import Regions

/// What a partition is computed for.
struct PartitionRequest: Sendable {
    var mlp: MLP
    var domain: Domain
    var epoch: Int
    var generation: Int
    /// A person asked for something else to be shown (zoom, scrub, another file): the running
    /// computation is useless and is cancelled. Training progress is not urgent: the running
    /// computation finishes, so that a network that trains faster than it can be partitioned
    /// still gets new pictures instead of cancelling every one of them.
    var urgent: Bool
}

/// A computed partition and what it was computed for.
struct PartitionResult: Sendable {
    var partition: Partition?
    var error: String?
    var request: PartitionRequest
    var seconds: Double
}

/// Computes partitions on a background thread; the newest request wins. Results reach the main
/// actor through a mailbox; the core drops any result older than one it has already shown.
final class PartitionWorker: @unchecked Sendable {
    private let queue = NewestJobQueue<PartitionRequest>()
    private let lock = NSLock()
    private var running: CancellationToken?
    private let mailbox: Mailbox<PartitionResult>
    let limits: PartitionLimits

    init(
        limits: PartitionLimits, scheduler: MainScheduler,
        deliver: @escaping @MainActor @Sendable (PartitionResult) -> Void
    ) {
        self.limits = limits
        mailbox = Mailbox(scheduler: scheduler, deliver)
        BackgroundThread.start(name: "nnviz regions") { [self] in loop() }
    }

    func request(_ r: PartitionRequest) {
        // Cancel first: cancelling after the submit could cancel this very request when the
        // thread had already taken it, and nothing would be computed (seen under ThreadSanitizer).
        if r.urgent { cancelRunning() }
        queue.submit(r)
    }

    /// Ends the thread after its current computation (which is cancelled).
    func stop() {
        queue.stop()
        cancelRunning()
    }

    private func cancelRunning() {
        lock.lock()
        running?.cancel()
        lock.unlock()
    }

    private func loop() {
        while let r = queue.take() {
            let token = CancellationToken()
            lock.lock()
            running = token
            lock.unlock()
            let start = ContinuousClock.now
            do {
                let p = try Partition.compute(r.mlp, domain: r.domain, limits: limits, cancel: token)
                mailbox.post(PartitionResult(partition: p, error: nil, request: r, seconds: Self.seconds(since: start)))
            } catch PartitionError.cancelled {
                continue
            } catch {
                mailbox.post(
                    PartitionResult(partition: nil, error: "\(error)", request: r, seconds: Self.seconds(since: start)))
            }
        }
    }

    static func seconds(since s: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - s
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
