import Foundation
import NeuralNet
import Regions

/// Layer by layer: the map can show the partition after hidden layer k, the partition of the
/// network cut after its first k hidden layers (`MLP.prefix`), computed exactly like the full one.
/// The inspector and the surface keep describing the whole network.
extension AppCore {
    /// The k the map shows, or nil when it shows the whole network (no choice, or k ≥ depth).
    public var shownLayerLimit: Int? {
        guard let k = view.upToLayer, let mlp = shownNetwork, k < mlp.hiddenLayerCount else { return nil }
        return k
    }

    /// Shows the partition after hidden layer `k` (nil or k ≥ depth: the whole network).
    public func setUpToLayer(_ k: Int?) {
        let k = k.map { max(1, $0) }
        guard k != view.upToLayer else { return }
        modify(\.view, announcing: .view) { $0.upToLayer = k }
        log("layers shown: \(k.map { "up to \($0)" } ?? "all")")
        requestLayerPartition(urgent: true)
    }

    /// Hides connections weaker than `fraction` of their layer's largest |w| (0…1).
    public func setMinConnectionWeight(_ fraction: Double) {
        modify(\.view, announcing: .view) { $0.minConnectionWeight = min(1, max(0, fraction)) }
    }

    /// The partition the map draws: after layer k, else the full one. Nil while the one for a
    /// newly chosen k is computed.
    public var mapPartition: Partition? {
        guard let k = shownLayerLimit else { return partition }
        return netview.layerPartitionK == k ? netview.layerPartition : nil
    }

    /// Identifies the map partition (redraws and caches key on it).
    public var mapPartitionKey: String {
        shownLayerLimit.map { "L\($0).\(netview.layerShownGeneration)" } ?? "\(partitionGeneration)"
    }

    /// What the map draws with: after layer k the regions are coloured by activation pattern and
    /// the edges by layer (the cut network has no outputs worth colouring, nor a boundary).
    public var mapView: ViewOptions {
        guard shownLayerLimit != nil else { return view }
        var v = view
        v.coloring = .pattern
        v.showEdges = true
        v.edgesByLayer = true
        v.showBoundary = false
        return v
    }

    /// The map face under the hovered point (a face of `mapPartition`).
    public var mapHoverFace: Int? {
        shownLayerLimit == nil ? hoverFace : hoverPoint.flatMap { mapPartition?.face(at: $0) }
    }

    /// The map face under the pin.
    public var mapPinnedFace: Int? {
        shownLayerLimit == nil ? pinnedFace : pinnedPoint.flatMap { mapPartition?.face(at: $0) }
    }

    /// Asks the layer worker for the cut network's partition of the view box, when a k is chosen.
    func requestLayerPartition(urgent: Bool) {
        guard let k = shownLayerLimit, let mlp = shownNetwork else { return }
        if netview.layerWorker == nil {
            let limits = worker?.limits ?? PartitionLimits(maxFaces: Self.maxFaces)
            netview.layerWorker = PartitionWorker(limits: limits, scheduler: scheduler) { [weak self] r in
                self?.receiveLayer(r)
            }
        }
        netview.layerGeneration += 1
        netview.layerWorker?.request(
            PartitionRequest(
                mlp: mlp.prefix(hiddenLayers: k), domain: viewBox, epoch: shownEpoch,
                generation: netview.layerGeneration, urgent: urgent))
    }

    func receiveLayer(_ r: PartitionResult) {
        guard r.request.generation > netview.layerShownGeneration else { return }
        netview.layerShownGeneration = r.request.generation
        if let p = r.partition {
            netview.layerPartition = p
            netview.layerPartitionK = r.request.mlp.hiddenLayerCount
            log("layer partition after layer \(netview.layerPartitionK): \(p.faceCount) regions")
        } else {
            partitionMessage = r.error
        }
        announce([.partition, .hover])
    }
}
