import Drawing
import FastMatrix
import Foundation
import NeuralNet
import Regions

/// The hyper-parameters the window edits.
struct TrainingSettings: Equatable {
    var widths = [16, 16, 16]
    var activation = Activation.leakyReLU(0.02)
    var learningRate = 0.01
    var weightDecay = 1e-4
    var batchSize = 8192
    var threshold = 0.5
    var seed: UInt64 = 0
    var epochs = 1500
}

enum RegionColoring: Int, CaseIterable {
    case pattern, slope, logit
    var title: String { ["Activation pattern", "Slope ‖∇z‖", "Logit z"][rawValue] }
}

/// Everything the window shows, in one main-actor object: views read it and draw; input and the
/// worker threads write it; `changed` tells the views what to redraw.
@MainActor
final class AppModel {
    enum Change { case network, partition, hover, view, training, message }

    // Data and training.
    private(set) var imagePath: String?
    private(set) var dataset: Dataset?
    var settings = TrainingSettings()
    private(set) var session: TrainingSession?
    /// Identifies the current session: snapshots still queued from a stopped one are ignored.
    private var sessionID = 0
    private(set) var live: TrainingSnapshot?
    private(set) var timeline: [(epoch: Int, mlp: MLP)] = []
    /// nil: follow training; else the timeline entry being shown.
    private(set) var timelineIndex: Int?
    private(set) var regionCounts: [Int: Int] = [:]
    /// A network loaded from a file and shown without an image to train on.
    private(set) var loadedModel: MLP?
    private(set) var loadedDomain: Domain?

    // Regions.
    private(set) var partition: Partition?
    private(set) var partitionSeconds = 0.0
    private(set) var partitionMessage: String?
    private(set) var viewBox = Domain.unitSquare
    private var generation = 0
    private(set) var partitionGeneration = 0
    private var worker: PartitionWorker!

    // Interaction and view settings.
    var hoverPoint: Point?
    private(set) var hoverFace: Int?
    private(set) var pinnedFace: Int?
    var hoverNeuron: NeuronID?
    var surfaceView = SurfaceView()
    var coloring = RegionColoring.pattern
    var showEdges = true
    var edgesByLayer = false
    var showBoundary = true
    var showPixels = false
    var pixelOpacity = 0.5
    private(set) var message: String?

    var observers: [(Change) -> Void] = []
    /// NNVIZ_TRACE=1 prints what happens, for end-to-end scripts that drive the window.
    private let trace = ProcessInfo.processInfo.environment["NNVIZ_TRACE"] != nil
    private func log(_ s: @autoclosure () -> String) { if trace { print("nnviz: \(s())") } }
    static let maxFaces = 400_000

    init() {
        worker = PartitionWorker(maxFaces: Self.maxFaces) { [weak self] result in self?.receive(result) }
    }

    func changed(_ c: Change) { for o in observers { o(c) } }

    var domain: Domain { dataset?.domain ?? loadedDomain ?? .unitSquare }

    /// The network on screen: a timeline entry, the live one, or a loaded file.
    var shownNetwork: MLP? {
        if let i = timelineIndex, i < timeline.count { return timeline[i].mlp }
        return live?.mlp ?? loadedModel
    }

    var shownEpoch: Int { timelineIndex.flatMap { $0 < timeline.count ? timeline[$0].epoch : nil } ?? live?.epoch ?? 0 }
    var isTraining: Bool { live?.running ?? false }
    var history: [EpochStats] { live?.history ?? [] }

    /// The face the inspector describes: pinned, else hovered.
    var inspectedFace: Int? { pinnedFace ?? hoverFace }

    // MARK: Loading

    func loadImage(_ path: String) {
        do {
            let grey = try ImageLoader.load(URL(fileURLWithPath: path), maxSide: 512)
            let d = Dataset(image: grey, threshold: settings.threshold)
            imagePath = path
            dataset = d
            loadedModel = nil
            loadedDomain = nil
            viewBox = d.domain
            show(message: nil)
            resetTraining()
        } catch {
            show(message: "\(error)")
        }
    }

    func loadModel(_ path: String) {
        do {
            let file = try ModelFile(contentsOf: URL(fileURLWithPath: path))
            settings.widths = file.mlp.hiddenWidths
            settings.activation = file.mlp.activation
            if let dataset, file.domain == nil || file.domain == dataset.domain {
                resetTraining(initial: file.mlp)
            } else {
                session?.stop()
                session = nil
                sessionID += 1
                live = nil
                dataset = nil
                imagePath = nil
                loadedModel = file.mlp
                loadedDomain = file.domain ?? .unitSquare
                viewBox = loadedDomain!
                timeline = [(0, file.mlp)]
                timelineIndex = nil
                regionCounts = [:]
                changed(.network)
                changed(.training)
                requestPartition()
            }
            show(message: nil)
        } catch {
            show(message: "\(URL(fileURLWithPath: path).lastPathComponent): \(error)")
        }
    }

    /// Shows a network without a file (benchmarks and tests).
    func show(network mlp: MLP, domain d: Domain) {
        session?.stop()
        session = nil
        sessionID += 1
        live = nil
        dataset = nil
        loadedModel = mlp
        loadedDomain = d
        viewBox = d
        timeline = [(0, mlp)]
        timelineIndex = nil
        changed(.network)
        requestPartition()
    }

    func show(message m: String?) {
        message = m
        changed(.message)
    }

    // MARK: Training

    /// Epochs trained synchronously when the next session starts (screenshot mode).
    var pretrainEpochs = 0

    func resetTraining(initial: MLP? = nil) {
        session?.stop()
        session = nil
        sessionID += 1
        live = nil
        timeline = []
        timelineIndex = nil
        regionCounts = [:]
        pinnedFace = nil
        guard var dataset else { changed(.training); return }
        if dataset.threshold != settings.threshold {
            dataset = Dataset(image: dataset.image, threshold: settings.threshold)
            self.dataset = dataset
        }
        let config = TrainingConfig(
            hiddenWidths: settings.widths, activation: settings.activation, learningRate: settings.learningRate,
            weightDecay: settings.weightDecay, batchSize: settings.batchSize, epochs: settings.epochs,
            seed: settings.seed, schedule: .constant)
        do {
            let trainer = try Trainer(dataset: dataset, config: config, engine: OpenBLASMatrixEngine(), initial: initial)
            sessionID += 1
            let id = sessionID
            session = TrainingSession(trainer: trainer, epochLimit: settings.epochs, pretrain: pretrainEpochs) { [weak self] s in
                guard let self, id == self.sessionID else { return }
                self.receive(s)
            }
            pretrainEpochs = 0
        } catch {
            show(message: "\(error)")
        }
        changed(.training)
    }

    func togglePlay() {
        guard let session else { show(message: "Open an image to train on (Ctrl+O)."); return }
        if session.isPlaying { session.pause() } else {
            if (live?.epoch ?? 0) >= settings.epochs { show(message: "Reached the epoch limit of \(settings.epochs); raise it or reset."); return }
            timelineIndex = nil
            session.play()
        }
    }

    func step() {
        guard let session else { show(message: "Open an image to train on (Ctrl+O)."); return }
        timelineIndex = nil
        session.step()
    }

    func setLearningRate(_ lr: Double) {
        settings.learningRate = lr
        session?.setLearningRate(lr)
    }

    private func receive(_ s: TrainingSnapshot) {
        if live?.running == true && !s.running { log("paused at epoch \(s.epoch)") }
        if live?.running != true && s.running { log("training from epoch \(s.epoch)") }
        live = s
        for entry in session?.takeNewSnapshots() ?? [] where timeline.last.map({ $0.epoch < entry.epoch }) ?? true {
            timeline.append(entry)
        }
        // The newest weights are always the timeline's end, so scrubbing reaches "live".
        if !s.running, timeline.last?.epoch != s.epoch { timeline.append((s.epoch, s.mlp)) }
        if let e = s.error { show(message: e) }
        changed(.training)
        if timelineIndex == nil {
            changed(.network)
            requestPartition()
        }
    }

    /// Shows a timeline entry (nil: back to live).
    func scrub(to index: Int?) {
        timelineIndex = index.map { min(max($0, 0), timeline.count - 1) }
        if let i = timelineIndex, i == timeline.count - 1 { timelineIndex = nil }
        changed(.network)
        changed(.training)
        requestPartition()
    }

    // MARK: Regions

    func requestPartition() {
        guard let mlp = shownNetwork else { return }
        generation += 1
        worker.request(PartitionRequest(mlp: mlp, domain: viewBox, epoch: shownEpoch, generation: generation))
    }

    private func receive(_ r: PartitionResult) {
        guard r.request.generation >= partitionGeneration else { return }
        partitionGeneration = r.request.generation
        if let p = r.partition {
            if partition == nil { log("regions: \(p.faceCount)") }
            partition = p
            partitionSeconds = r.seconds
            partitionMessage = nil
            if r.request.domain == domain { regionCounts[r.request.epoch] = p.faceCount }
            if let pinned = pinnedFace, pinned >= p.faceCount { pinnedFace = nil }
        } else {
            partitionMessage = r.error
        }
        updateHover()
        changed(.partition)
    }

    func setViewBox(_ box: Domain) {
        guard box.isValid else { return }
        viewBox = box
        changed(.view)
        requestPartition()
    }

    func resetView() { setViewBox(domain) }

    // MARK: Hover

    func hover(at p: Point?) {
        hoverPoint = p
        updateHover()
        changed(.hover)
    }

    private func updateHover() {
        guard let p = hoverPoint, let partition else { hoverFace = nil; return }
        hoverFace = partition.face(at: p)
    }

    func togglePin() {
        if pinnedFace != nil && pinnedFace == hoverFace { pinnedFace = nil } else { pinnedFace = hoverFace }
        log("pinned \(pinnedFace.map { "region \($0)" } ?? "nothing")")
        changed(.hover)
    }

    func unpin() {
        pinnedFace = nil
        changed(.hover)
    }

    /// Training pixels inside a face and how many the network gets right there.
    func pixels(in face: Int) -> (count: Int, correct: Int) {
        guard let dataset, let partition else { return (0, 0) }
        let poly = partition.polygon(face)
        let xs = poly.map(\.x), ys = poly.map(\.y)
        let (x0, x1, y0, y1) = (xs.min()!, xs.max()!, ys.min()!, ys.max()!)
        let map = partition.logits[face]
        var count = 0, correct = 0
        for i in 0..<dataset.count {
            let x = Double(dataset.points[2 * i]), y = Double(dataset.points[2 * i + 1])
            guard x >= x0, x <= x1, y >= y0, y <= y1, partition.insideDepth(face: face, Point(x, y)) >= 0 else { continue }
            count += 1
            if (map(x, y) > 0) == (dataset.labels[i] > 0.5) { correct += 1 }
        }
        return (count, correct)
    }
}
