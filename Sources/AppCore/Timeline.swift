import NeuralNet

/// The weights of a run at past epochs, for scrubbing and for resuming from any of them.
///
/// Memory is bounded: at most `capacity` entries, chosen so that their weights fit in
/// `budgetBytes` (and never more than `maxEntries`). When full, the older half is thinned to
/// every second entry, so recent epochs stay dense and older ones grow sparser geometrically;
/// the first and the newest entry are always kept.
public struct Timeline: Sendable {
    public struct Entry: Sendable {
        public let epoch: Int
        public let mlp: MLP
        public init(epoch: Int, mlp: MLP) {
            self.epoch = epoch
            self.mlp = mlp
        }
    }

    public private(set) var entries: [Entry] = []
    public let capacity: Int

    public static let budgetBytes = 256 << 20
    public static let maxEntries = 1000
    public static let minEntries = 16

    /// A timeline for networks with `parameterCount` weights (stored as Double).
    public init(parameterCount: Int, budgetBytes: Int = Timeline.budgetBytes) {
        let perEntry = max(1, parameterCount) * MemoryLayout<Double>.stride + 256
        capacity = min(Self.maxEntries, max(Self.minEntries, budgetBytes / perEntry))
    }

    public init(capacity: Int) { self.capacity = max(Self.minEntries / 4, capacity) }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var last: Entry? { entries.last }
    public subscript(i: Int) -> Entry { entries[i] }

    /// Adds the weights at `epoch`; an entry for the same epoch is replaced, an older epoch than
    /// the newest is ignored.
    public mutating func append(epoch: Int, mlp: MLP) {
        if let last = entries.last {
            if last.epoch == epoch {
                entries[entries.count - 1] = Entry(epoch: epoch, mlp: mlp)
                return
            }
            if last.epoch > epoch { return }
        }
        entries.append(Entry(epoch: epoch, mlp: mlp))
        if entries.count > capacity { entries = entries.thinningOlderHalf() }
    }

    /// Drops every entry after `epoch` (resuming from there rewrites what follows).
    public mutating func truncate(after epoch: Int) {
        entries.removeAll { $0.epoch > epoch }
    }

    public mutating func removeAll() { entries.removeAll() }

    /// The index of the entry closest to `epoch`.
    public func index(nearest epoch: Int) -> Int? {
        guard !entries.isEmpty else { return nil }
        var lo = 0
        var hi = entries.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].epoch < epoch { lo = mid + 1 } else { hi = mid }
        }
        if lo > 0, abs(entries[lo - 1].epoch - epoch) <= abs(entries[lo].epoch - epoch) { return lo - 1 }
        return lo
    }
}
