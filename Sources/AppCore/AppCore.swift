import FastMatrix
import Foundation
import NeuralNet
import Regions

/// The window's state and logic, without GTK or Cairo. Its state is read-only from outside;
/// every change goes through an intent method, and each change is announced to the observers
/// as a `ChangeSet` saying what to redraw. Training and partitions run on their own threads and
/// come back through the injected `MainScheduler`; stale results never replace newer ones.
@MainActor
public final class AppCore {
    // MARK: Document

    /// The image being trained on, if any.
    public internal(set) var imagePath: String?
    /// The model file opened last, if it is what is shown.
    public internal(set) var modelPath: String?
    public internal(set) var dataset: Dataset? { didSet { refreshLabelPreview() } }
    /// The image as loaded (before labelling), so a new task or threshold needs no new read.
    var image: ColorImage?
    /// The labels a pending threshold or inversion would give (see `refreshLabelPreview`).
    public internal(set) var labelPreview: Dataset?

    // MARK: Settings

    /// What the controls show. Shape settings wait for `reset()`; live ones apply at once.
    public internal(set) var settings = TrainingSettings() { didSet { refreshLabelPreview() } }
    /// What the current network and session were built with; nil before the first build.
    public internal(set) var builtSettings: TrainingSettings?

    // MARK: Training

    var session: TrainingSession?
    /// Identifies the current session: snapshots still queued from a stopped one are ignored.
    var sessionID = 0
    /// The live network and its epoch, as the training thread last reported them.
    public internal(set) var liveNetwork: MLP?
    public internal(set) var liveEpoch = 0
    /// The training thread is running batches.
    public internal(set) var isTraining = false
    /// The user asked to train (Play), whether or not the thread has confirmed yet.
    public internal(set) var playRequested = false
    public internal(set) var history = TrainingHistory()
    public internal(set) var timeline = Timeline(capacity: Timeline.maxEntries)
    /// nil: follow the live run; else the timeline entry shown.
    public internal(set) var scrubIndex: Int?
    /// Exact region counts of the whole domain by epoch (the curves' third series).
    public internal(set) var regionCounts: [Int: Int] = [:]
    /// A network opened from a file with nothing to train it on.
    public internal(set) var loadedModel: MLP?
    /// What a loaded model's outputs mean (its file's metadata).
    var loadedTask: LearningTask?
    var loadedDomain: Domain?
    /// The epoch whose weights were last saved (or opened); later epochs are unsaved work.
    var savedEpoch = 0

    // MARK: Plane (a model with n ≠ 2 inputs, see AppCore+Plane)

    /// A many-input model waiting for the points file its plane goes through.
    public internal(set) var planeRequest: PlaneModel?
    /// The plane a many-input model is shown on; nil for two-input networks.
    public internal(set) var plane: PlaneChoice?
    /// The line of the 1-D view (see AppCore+Line): no, one or two points of the map, and their names.
    public internal(set) var lineEnds: [Point] = []
    public internal(set) var lineNames: [String] = []

    // MARK: Regions

    public internal(set) var partition: Partition?
    public internal(set) var partitionSeconds = 0.0
    public internal(set) var partitionMessage: String?
    /// The network the shown partition belongs to.
    public internal(set) var partitionNetwork: MLP?
    /// The epoch of that network: the shown epoch may be ahead while its partition is computed.
    public internal(set) var partitionEpoch = 0
    public internal(set) var viewBox = Domain.unitSquare
    var generation = 0
    public internal(set) var partitionGeneration = 0
    /// Made once `self` exists (its results come back to this object).
    var worker: PartitionWorker?

    // MARK: Interaction and view

    public internal(set) var hoverPoint: Point?
    public internal(set) var hoverFace: Int?
    public internal(set) var pinnedFace: Int?
    /// Where the pin is: faces are renumbered by every new partition, points are not.
    public internal(set) var pinnedPoint: Point?
    /// A hidden neuron hovered in the network view: layer 1… and index.
    public internal(set) var hoverNeuron: (layer: Int, index: Int)?
    public internal(set) var view = ViewOptions()
    /// The partition after hidden layer k and the map edge under the pointer.
    var netview = NetworkViewState()
    public internal(set) var camera = SurfaceCamera()
    /// The task kind the view options were last adapted to.
    var viewTaskKind: TaskKind?
    public internal(set) var message: String?
    /// A short-lived confirmation of something done ("Saved to …").
    public internal(set) var notice: String?
    public internal(set) var confirmation: Confirmation?
    public internal(set) var quitConfirmed = false

    let scheduler: MainScheduler
    let images: ImageSource
    private var observers: [(ChangeSet) -> Void] = []
    /// NNVIZ_TRACE=1 prints what happens, for scripts that drive the window from outside.
    private let trace = ProcessInfo.processInfo.environment["NNVIZ_TRACE"] != nil

    public static let maxFaces = 400_000
    public static let maxImageSide = 512

    public init(scheduler: MainScheduler, images: ImageSource, partitionThreads: Int = 2) {
        self.scheduler = scheduler
        self.images = images
        let limits = PartitionLimits(maxFaces: Self.maxFaces, maxMemoryBytes: 1536 << 20, threads: partitionThreads)
        worker = PartitionWorker(limits: limits, scheduler: scheduler) { [weak self] r in self?.receive(r) }
    }

    /// Stops the background threads (the window is closing).
    public func shutDown() {
        session?.stop()
        session = nil
        worker?.stop()
        netview.layerWorker?.stop()
        observers.removeAll()
    }

    public func observe(_ f: @escaping (ChangeSet) -> Void) { observers.append(f) }

    func announce(_ c: ChangeSet) {
        guard !c.isEmpty else { return }
        for o in observers { o(c) }
    }

    /// Changes one piece of state through a copy and announces it only when it really changed, so
    /// a control echoing a value the core already has costs nothing.
    func modify<T: Equatable>(
        _ state: ReferenceWritableKeyPath<AppCore, T>, announcing c: ChangeSet, _ change: (inout T) -> Void
    ) {
        var v = self[keyPath: state]
        change(&v)
        guard v != self[keyPath: state] else { return }
        self[keyPath: state] = v
        announce(c)
    }

    func log(_ s: @autoclosure () -> String) { if trace { print("nnviz: \(s())") } }

    // MARK: Derived state

    /// The input box of the image or model.
    public var domain: Domain { dataset?.domain ?? loadedDomain ?? .unitSquare }

    /// What the shown network's outputs mean: the image's labels, or a loaded model's metadata.
    public var task: LearningTask { dataset?.task ?? loadedTask ?? .binary }

    /// The network on screen: a timeline entry, the live one, or a loaded file.
    public var shownNetwork: MLP? {
        if let i = scrubIndex, i < timeline.count { return timeline[i].mlp }
        return liveNetwork ?? loadedModel
    }

    /// The epoch on screen (the scrubbed one while scrubbing).
    public var shownEpoch: Int {
        if let i = scrubIndex, i < timeline.count { return timeline[i].epoch }
        return liveEpoch
    }

    /// Loss and accuracy at the shown epoch.
    public var shownStats: EpochStats? { history.stats(atOrBefore: shownEpoch) }

    public var isScrubbed: Bool { scrubIndex != nil }

    /// The face the inspector describes: pinned, else hovered.
    public var inspectedFace: Int? { pinnedFace ?? hoverFace }

    /// Settings that wait for Reset, as short phrases; empty when the controls describe the
    /// network that exists.
    public var pendingChanges: [String] {
        guard let builtSettings else { return [] }
        return settings.pendingChanges(from: builtSettings)
    }

    /// What Reset will do, in one sentence.
    public var resetSummary: String {
        guard dataset != nil else { return "Open an image to train a network on." }
        return
            "Reset builds a new \(settings.shapeDescription) network (seed \(settings.seed)) for "
            + "\(TrainingSettings.describe(settings.task)) and trains it from epoch 0."
    }

    /// Trained epochs that would be lost by a reset, an open or quitting.
    public var hasUnsavedTraining: Bool { session != nil && liveEpoch > savedEpoch }

    /// Epochs can still be trained before the limit stops the run.
    public var canTrain: Bool { session != nil && liveEpoch < settings.epochLimit }
}
