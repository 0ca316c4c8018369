/// Which timeline snapshots a training video shows and how fast it plays: the epochs from
/// `firstEpoch` to `lastEpoch`, at most one frame per `everyEpochs` epochs, at
/// `framesPerSecond`. The defaults show every snapshot of the run at 10 frames a second.
public struct VideoSelection: Equatable, Sendable {
    public var firstEpoch: Int
    public var lastEpoch: Int
    /// 1 keeps every snapshot in the range; N keeps a snapshot only when it is at least N epochs
    /// after the previous frame (the timeline's snapshots are not evenly spaced).
    public var everyEpochs: Int
    public var framesPerSecond: Int

    public static let fpsRange = 1...60

    /// Every snapshot of `timeline` at 10 frames a second.
    public init(all timeline: Timeline) {
        firstEpoch = timeline.entries.first?.epoch ?? 0
        lastEpoch = timeline.last?.epoch ?? 0
        everyEpochs = 1
        framesPerSecond = 10
    }

    public init(firstEpoch: Int, lastEpoch: Int, everyEpochs: Int, framesPerSecond: Int) {
        self.firstEpoch = firstEpoch
        self.lastEpoch = lastEpoch
        self.everyEpochs = everyEpochs
        self.framesPerSecond = framesPerSecond
    }

    /// The snapshots that become frames, in epoch order. The last snapshot of the range is
    /// always kept, so the video ends on the state the range ends on.
    public func entries(of timeline: Timeline) -> [Timeline.Entry] {
        let inRange = timeline.entries.filter { $0.epoch >= firstEpoch && $0.epoch <= lastEpoch }
        guard let final = inRange.last else { return [] }
        var out: [Timeline.Entry] = []
        for e in inRange {
            if let previous = out.last, e.epoch - previous.epoch < max(1, everyEpochs) { continue }
            out.append(e)
        }
        if out.last?.epoch != final.epoch {
            // Closer than the stride to the frame before: the end replaces it.
            if out.count > 1 { out.removeLast() }
            out.append(final)
        }
        return out
    }

    /// Why this selection cannot be exported, in one line; nil when it can.
    public func problem(in timeline: Timeline) -> String? {
        guard !timeline.isEmpty else { return "A training video needs a run on an image: open one and train first." }
        guard firstEpoch <= lastEpoch else { return "The first epoch must not come after the last." }
        guard Self.fpsRange.contains(framesPerSecond) else {
            return "Frames per second must be \(Self.fpsRange.lowerBound)–\(Self.fpsRange.upperBound)."
        }
        guard everyEpochs >= 1 else { return "A frame every N epochs needs N ≥ 1." }
        if entries(of: timeline).isEmpty { return "No snapshot of the run lies between those epochs." }
        return nil
    }

    /// "37 frames · 3.7 s".
    public func summary(of timeline: Timeline) -> String {
        let n = entries(of: timeline).count
        let seconds = Double(n) / Double(max(1, framesPerSecond))
        return "\(n) frame\(n == 1 ? "" : "s") · \(String(format: "%.1f", seconds)) s"
    }
}
