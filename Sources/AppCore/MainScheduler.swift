import Foundation

/// How work from the training and partition threads reaches the main actor. The window hands
/// closures to GLib's main loop; tests and headless tools use a `QueueScheduler` they drain.
public protocol MainScheduler: Sendable {
    func post(_ work: @escaping @MainActor @Sendable () -> Void)
}

/// A scheduler whose posted work runs when the owner drains it on the main actor: deterministic
/// for tests, and usable without any event loop.
public final class QueueScheduler: MainScheduler, @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [@MainActor @Sendable () -> Void] = []

    public init() {}

    public func post(_ work: @escaping @MainActor @Sendable () -> Void) {
        lock.lock()
        pending.append(work)
        lock.unlock()
    }

    /// Runs everything posted so far; returns how many closures ran.
    @MainActor @discardableResult
    public func runPending() -> Int {
        lock.lock()
        let work = pending
        pending.removeAll()
        lock.unlock()
        for w in work { w() }
        return work.count
    }

    /// Drains posted work until `condition` holds or `timeout` seconds pass; returns whether it held.
    @MainActor @discardableResult
    public func run(until condition: () -> Bool, timeout: Double = 10) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            runPending()
            if condition() { return true }
            usleep(2000)
        }
        runPending()
        return condition()
    }
}
