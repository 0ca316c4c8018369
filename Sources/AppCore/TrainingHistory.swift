import NeuralNet

/// Loss and accuracy per epoch for the curves and the status line. Bounded like the timeline:
/// past `capacity` epochs the older half is thinned to every second epoch, so a run of days
/// keeps a fixed footprint (~48 bytes an entry) while recent epochs stay complete.
public struct TrainingHistory: Sendable {
    public private(set) var entries: [EpochStats] = []
    public let capacity: Int

    public init(capacity: Int = 200_000) { self.capacity = max(16, capacity) }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var last: EpochStats? { entries.last }

    public mutating func append(contentsOf stats: [EpochStats]) {
        for s in stats where s.epoch > (entries.last?.epoch ?? 0) { entries.append(s) }
        if entries.count > capacity { entries = entries.thinningOlderHalf() }
    }

    public mutating func truncate(after epoch: Int) { entries.removeAll { $0.epoch > epoch } }
    public mutating func removeAll() { entries.removeAll() }

    /// The statistics of `epoch`, or of the nearest earlier epoch kept.
    public func stats(atOrBefore epoch: Int) -> EpochStats? {
        var lo = 0
        var hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].epoch <= epoch { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? entries[lo - 1] : nil
    }
}
