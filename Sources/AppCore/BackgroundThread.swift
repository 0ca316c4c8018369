import Foundation

/// Starts the window's worker threads at a lower scheduling priority than the main thread (nice
/// 10 by default), so that when training and partitioning keep every core busy, input and
/// painting are still handled first.
public enum BackgroundThread {
    public static func start(name: String, nice: Int32 = 10, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            // On Linux the nice value is per thread: `who` 0 is the calling thread alone.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
            body()
        }
        thread.name = name
        thread.start()
    }
}
