import Foundation
import NeuralNet
import Synchronization

/// Why a partition could not be produced.
public enum PartitionError: Error, Equatable, CustomStringConvertible {
    case tooManyFaces(limit: Int)
    case memoryBudget(bytes: Int)
    case cancelled
    case invalidDomain(Domain)

    public var description: String {
        switch self {
        case .tooManyFaces(let limit):
            return
                "the partition has more than \(limit) regions (the face limit); use a smaller domain, a smaller network or a larger limit"
        case .memoryBudget(let bytes):
            return
                "the partition would need more than its memory budget of \(bytes / 1_048_576) MB; use a smaller domain, a smaller network or a larger budget"
        case .cancelled:
            return "the region computation was cancelled"
        case .invalidDomain(let d):
            return "invalid domain \(d): bounds must be finite with x0 < x1 and y0 < y1"
        }
    }
}

/// A flag another thread can raise to stop a running computation. The engine polls it
/// often enough to stop within a few milliseconds.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// Bounds on one computation.
public struct PartitionLimits: Sendable {
    /// The computation stops with `PartitionError.tooManyFaces` beyond this many faces.
    public var maxFaces: Int
    /// The computation stops with `PartitionError.memoryBudget` before its mesh and value table
    /// would exceed this many bytes.
    public var maxMemoryBytes: Int
    /// Threads to use (1 = run on the caller's thread only). Today two or more split the dense
    /// layer products and run the region maps beside the boundary and the point locator; the
    /// cutting itself runs on one thread.
    public var threads: Int

    public static let defaultMaxFaces = 2_000_000
    public static let defaultMaxMemoryBytes = 4 << 30

    public init(
        maxFaces: Int = PartitionLimits.defaultMaxFaces, maxMemoryBytes: Int = PartitionLimits.defaultMaxMemoryBytes,
        threads: Int = PartitionLimits.defaultThreads
    ) {
        self.maxFaces = maxFaces
        self.maxMemoryBytes = maxMemoryBytes
        self.threads = max(1, threads)
    }

    public static var defaultThreads: Int { max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) }
}
