import Foundation

/// A one-slot queue between the main thread and a worker thread: a new job replaces one that has
/// not started, so the worker always goes on with the newest request and never works through a
/// backlog of stale ones.
public final class NewestJobQueue<Job: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var latest: Job?
    private var stopped = false

    public init() {}

    public func submit(_ job: Job) {
        condition.lock()
        latest = job
        condition.signal()
        condition.unlock()
    }

    /// Wakes the worker for good: `take` returns nil from now on.
    public func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    public var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    /// The newest job, waiting for one if there is none; nil once stopped.
    public func take() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while latest == nil && !stopped { condition.wait() }
        guard !stopped else { return nil }
        let job = latest
        latest = nil
        return job
    }
}
