import Dispatch
import Synchronization

/// Hands out the 4-row blocks `0..<count` of a dense computation in chunks to whichever thread
/// asks next, so one thread can start alone in the background (beside a cut) and others join
/// when they come free. Which thread computes a block never changes its values.
final class BlockQueue: Sendable {
    /// Blocks in all.
    let count: Int
    /// Blocks a thread takes at a time: large enough that taking them costs nothing, small enough
    /// that a thread joining late still gets a fair share.
    private let chunk: Int
    /// The first block no thread has taken yet.
    private let taken = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let running = DispatchGroup()

    init(rows: Int, chunk: Int) {
        count = (rows + 3) / 4
        self.chunk = chunk
    }

    /// The next chunk of blocks, or nil when all are taken or the work was stopped.
    func take() -> Range<Int>? {
        if stopped.load(ordering: .relaxed) { return nil }
        let first = taken.wrappingAdd(chunk, ordering: .relaxed).oldValue
        return first < count ? first..<min(count, first + chunk) : nil
    }

    /// Makes every later `take` return nil (an abandoned or cancelled computation).
    func stop() { stopped.store(true, ordering: .relaxed) }

    var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Runs `work` on a background thread; `wait` waits for it.
    func inBackground(_ work: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async(group: running, execute: work)
    }

    func wait() { running.wait() }
}
