import Foundation
import NeuralNet
import Regions

/// The exact partition of the visible box, recomputed off the main thread.
extension AppCore {
    /// Asks the worker for the shown network's partition of the view box. `urgent` cancels a
    /// computation that is running for something no longer wanted.
    func requestPartition(urgent: Bool) {
        guard let mlp = shownNetwork else { return }
        generation += 1
        worker?.request(
            PartitionRequest(mlp: mlp, domain: viewBox, epoch: shownEpoch, generation: generation, urgent: urgent))
        requestLayerPartition(urgent: urgent)
    }

    func receive(_ r: PartitionResult) {
        // A newer request's result may already be shown (results can overtake each other when a
        // stale one was queued): never replace it.
        guard r.request.generation > partitionGeneration else { return }
        partitionGeneration = r.request.generation
        if let p = r.partition {
            if partition == nil { log("regions: \(p.faceCount)") }
            partition = p
            partitionNetwork = r.request.mlp
            partitionEpoch = r.request.epoch
            partitionSeconds = r.seconds
            partitionMessage = nil
            if r.request.domain == domain { recordRegionCount(p.faceCount, at: r.request.epoch) }
        } else {
            partitionMessage = r.error
        }
        locateHoverAndPin()
        announce([.partition, .hover, .training])
    }

    /// Zooms or pans the map: the partition is recomputed exactly for the new box.
    public func setViewBox(_ box: Domain) {
        guard box.isValid, box != viewBox else { return }
        viewBox = box
        announce(.view)
        requestPartition(urgent: true)
    }

    public func resetView() { setViewBox(domain) }

    /// Zooms by `factor` (> 1 zooms out) about `center` (the hovered point, else the middle).
    public func zoom(by factor: Double, about center: Point? = nil) {
        let b = viewBox
        let c = center ?? hoverPoint ?? Point((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2)
        setViewBox(
            Domain(
                x0: c.x + (b.x0 - c.x) * factor, x1: c.x + (b.x1 - c.x) * factor,
                y0: c.y + (b.y0 - c.y) * factor, y1: c.y + (b.y1 - c.y) * factor))
    }

    /// Region counts by epoch for the curves, bounded like the history: past 40 000 epochs the
    /// older half is thinned to every second one.
    private func recordRegionCount(_ n: Int, at epoch: Int) {
        regionCounts[epoch] = n
        guard regionCounts.count > 40_000 else { return }
        let kept = regionCounts.keys.sorted().thinningOlderHalf()
        regionCounts = Dictionary(uniqueKeysWithValues: kept.map { ($0, regionCounts[$0] ?? 0) })
    }

    func locateHoverAndPin() {
        hoverFace = hoverPoint.flatMap { partition?.face(at: $0) }
        pinnedFace = pinnedPoint.flatMap { partition?.face(at: $0) }
    }

    /// Training pixels inside a face of the shown partition, and how well the shown network fits
    /// them there: pixels classified right (binary, classes) or the squared error (regression).
    public func pixels(in face: Int) -> PixelSummary {
        guard let dataset, let partition, face < partition.faceCount,
            partition.outputCount == dataset.outputCount
        else { return PixelSummary() }
        let poly = partition.polygon(face)
        let xs = poly.map(\.x)
        let ys = poly.map(\.y)
        guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return PixelSummary() }
        let maps = Array(partition.maps(face: face))
        var summary = PixelSummary()
        for i in 0..<dataset.count {
            let x = Double(dataset.points[2 * i])
            let y = Double(dataset.points[2 * i + 1])
            guard x >= x0, x <= x1, y >= y0, y <= y1, partition.insideDepth(face: face, Point(x, y)) >= 0 else {
                continue
            }
            summary.count += 1
            switch dataset.task {
            case .binary, .classes:
                // A label is the class index (1 = dark for binary), as the partition's winner is.
                if partition.winner(face: face, at: Point(x, y)) == Int(dataset.labels[i]) { summary.correct += 1 }
            case .regression(let channels):
                for c in 0..<channels {
                    let e = maps[c](x, y) - Double(dataset.targets[i * channels + c])
                    summary.squaredError += e * e
                }
                summary.values += channels
            }
        }
        return summary
    }
}
