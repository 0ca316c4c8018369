import Foundation

/// Holds the newest value for the main actor; at most one hop is pending, so a fast producer
/// never floods the main loop's queue.
final class Mailbox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    private var pending = false
    private let scheduler: MainScheduler
    private let deliver: @MainActor @Sendable (T) -> Void

    init(scheduler: MainScheduler, _ deliver: @escaping @MainActor @Sendable (T) -> Void) {
        self.scheduler = scheduler
        self.deliver = deliver
    }

    func post(_ v: T) {
        lock.lock()
        value = v
        let schedule = !pending
        pending = true
        lock.unlock()
        guard schedule else { return }
        scheduler.post { [self] in
            lock.lock()
            let v = value
            value = nil
            pending = false
            lock.unlock()
            if let v { deliver(v) }
        }
    }
}
