import Foundation
import NeuralNet
import Regions

/// Everything a window session needs to come back exactly: the image as loaded, the settings
/// (what the controls show and what the network was built with), the live weights, the timeline
/// of past weights, the per-epoch statistics and region counts, and the view.
///
/// The file is a safetensors file, the format the field already uses for weights: tensors for
/// the numbers (weights in F32, which is what the trainer computes in, so they come back
/// bit-identical; the image and the statistics in F64) and a JSON document in the header's
/// metadata under `nnviz.session` for the rest. `format` and `version` say what reads it.
public struct SessionFile: Sendable {
    public static let format = "nnviz-session"
    public static let version = 1
    public static let fileExtension = "nnviz"

    /// The image trained on (nil for a model opened without one), and where it came from.
    public var image: ColorImage?
    public var imagePath: String?
    public var modelPath: String?
    public var settings: TrainingSettings
    /// What the network was built with (the labels, the shape); nil before the first build.
    public var built: TrainingSettings?
    /// The shown network's task (a model opened without an image keeps its own).
    public var task: LearningTask
    public var domain: Domain?
    /// The live weights.
    public var network: MLP
    public var epoch: Int
    public var timeline: [Timeline.Entry]
    public var history: [EpochStats]
    public var regionCounts: [Int: Int]
    public var view: ViewOptions
    public var camera: SurfaceCamera
    public var viewBox: Domain
    public var pinnedPoint: Point?
    /// The timeline epoch being shown, if scrubbed back.
    public var scrubbedEpoch: Int?
    /// A many-input model on a plane: the model, its points and the plane's rows (`network` is
    /// then the folded two-input network, kept for readers that only want a picture).
    public var plane: PlaneSession?

    /// Writes atomically: a crash never leaves half a session.
    public func write(to url: URL) throws {
        let data = try safetensors().serialized(as: nil)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ModelError.io("cannot write \(url.path): \(SafetensorsFile.reason(error))")
        }
    }

    func safetensors() throws -> SafetensorsFile {
        var tensors: [String: Tensor] = [:]
        Self.put(network, "network", into: &tensors)
        for (k, entry) in timeline.enumerated() { Self.put(entry.mlp, "timeline.\(k)", into: &tensors) }
        if let image {
            tensors["image.rgb"] = Tensor(shape: [image.height, image.width, 3], values: image.rgb, storedAs: .f64)
            tensors["image.grey"] = Tensor(
                shape: [image.height, image.width], values: image.grey.pixels, storedAs: .f64)
        }
        if !history.isEmpty {
            tensors["history"] = Tensor(
                shape: [history.count, Self.historyColumns], values: history.flatMap(Self.row), storedAs: .f64)
        }
        let counts = regionCounts.sorted { $0.key < $1.key }
        if !counts.isEmpty {
            tensors["region_counts"] = Tensor(
                shape: [counts.count, 2], values: counts.flatMap { [Double($0.key), Double($0.value)] }, storedAs: .f64)
        }
        var doc: [String: Any] = [
            "format": Self.format, "version": Self.version, "settings": settings.sessionJSON,
            "task": task.metadata, "epoch": epoch, "timeline_epochs": timeline.map(\.epoch),
            "activation": network.activation.name, "negative_slope": network.activation.negativeSlope,
            "view": view.sessionJSON,
            "camera": ["azimuth": camera.azimuth, "elevation": camera.elevation, "zoom": camera.zoom],
            "view_box": viewBox.metadataString,
        ]
        if let built { doc["built"] = built.sessionJSON }
        if let imagePath { doc["image_path"] = imagePath }
        if let modelPath { doc["model_path"] = modelPath }
        if let domain { doc["domain"] = domain.metadataString }
        if let p = pinnedPoint { doc["pinned_point"] = [p.x, p.y] }
        if let e = scrubbedEpoch { doc["scrubbed_epoch"] = e }
        if let plane { doc["plane"] = plane.put(into: &tensors) }
        let json = try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys])
        return SafetensorsFile(
            metadata: [
                "format": Self.format, "version": "\(Self.version)",
                "nnviz.session": String(decoding: json, as: UTF8.self),
            ],
            tensors: tensors)
    }

    /// Reads a session; a file that is not one, is from a newer nnviz, or does not hold together
    /// is refused with a one-line reason.
    public init(contentsOf url: URL) throws {
        let file = try SafetensorsFile(contentsOf: url)
        guard file.metadata["format"] == Self.format, let text = file.metadata["nnviz.session"],
            let doc = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { throw SessionError("\(url.lastPathComponent) is not an nnviz session") }
        guard let version = doc["version"] as? Int, version <= Self.version else {
            throw SessionError(
                "\(url.lastPathComponent) was saved by a newer nnviz (session version \(doc["version"] ?? "?")); this one reads version \(Self.version)"
            )
        }
        try self.init(document: doc, tensors: file.tensors)
    }

    private init(document doc: [String: Any], tensors: [String: Tensor]) throws {
        func fail(_ what: String) -> SessionError { SessionError("the session is damaged: \(what)") }
        guard let settingsJSON = doc["settings"] as? [String: Any], let epoch = doc["epoch"] as? Int, epoch >= 0,
            let taskMeta = doc["task"] as? [String: String], let activationName = doc["activation"] as? String,
            let slope = doc["negative_slope"] as? Double,
            let activation = try? Activation(name: activationName, negativeSlope: slope),
            let boxText = doc["view_box"] as? String, let box = Domain(metadata: boxText)
        else { throw fail("its description is incomplete") }
        settings = TrainingSettings(sessionJSON: settingsJSON)
        built = (doc["built"] as? [String: Any]).map(TrainingSettings.init(sessionJSON:))
        network = try Self.take("network", activation: activation, from: tensors)
        self.epoch = epoch
        do {
            task = try LearningTask(metadata: taskMeta, outputs: network.outputCount)
        } catch { throw fail("\(error)") }
        let epochs = doc["timeline_epochs"] as? [Int] ?? []
        timeline = try epochs.enumerated().map { k, e in
            Timeline.Entry(epoch: e, mlp: try Self.take("timeline.\(k)", activation: activation, from: tensors))
        }
        if let rgb = tensors["image.rgb"], let grey = tensors["image.grey"] {
            guard rgb.shape.count == 3, rgb.shape[2] == 3, grey.shape == Array(rgb.shape.prefix(2)),
                rgb.shape[0] > 0, rgb.shape[1] > 0, rgb.values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }),
                grey.values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 })
            else { throw fail("its image has the wrong shape or values") }
            let (h, w) = (rgb.shape[0], rgb.shape[1])
            image = ColorImage(
                width: w, height: h, rgb: rgb.values, grey: GreyImage(width: w, height: h, pixels: grey.values))
        } else {
            image = nil
        }
        history = []
        if let t = tensors["history"] {
            guard t.shape.count == 2, t.shape[1] == Self.historyColumns else { throw fail("its statistics") }
            history = stride(from: 0, to: t.values.count, by: Self.historyColumns).map {
                Self.stats(Array(t.values[$0..<($0 + Self.historyColumns)]))
            }
        }
        regionCounts = [:]
        if let t = tensors["region_counts"], t.shape.count == 2, t.shape[1] == 2 {
            for i in 0..<t.shape[0] { regionCounts[Int(t.values[2 * i])] = Int(t.values[2 * i + 1]) }
        }
        view = ViewOptions(sessionJSON: doc["view"] as? [String: Any] ?? [:])
        let cam = doc["camera"] as? [String: Double] ?? [:]
        var camera = SurfaceCamera()
        camera.azimuth = cam["azimuth"] ?? camera.azimuth
        camera.elevation = cam["elevation"] ?? camera.elevation
        camera.zoom = cam["zoom"] ?? camera.zoom
        self.camera = camera
        viewBox = box
        domain = (doc["domain"] as? String).flatMap(Domain.init(metadata:))
        imagePath = doc["image_path"] as? String
        modelPath = doc["model_path"] as? String
        pinnedPoint = (doc["pinned_point"] as? [Double]).flatMap { $0.count == 2 ? Point($0[0], $0[1]) : nil }
        scrubbedEpoch = doc["scrubbed_epoch"] as? Int
        plane = try (doc["plane"] as? [String: Any]).map { try PlaneSession(document: $0, tensors: tensors) }
    }

    public init(
        image: ColorImage?, imagePath: String?, modelPath: String?, settings: TrainingSettings,
        built: TrainingSettings?, task: LearningTask, domain: Domain?, network: MLP, epoch: Int,
        timeline: [Timeline.Entry], history: [EpochStats], regionCounts: [Int: Int], view: ViewOptions,
        camera: SurfaceCamera, viewBox: Domain, pinnedPoint: Point?, scrubbedEpoch: Int?, plane: PlaneSession? = nil
    ) {
        self.plane = plane
        self.image = image
        self.imagePath = imagePath
        self.modelPath = modelPath
        self.settings = settings
        self.built = built
        self.task = task
        self.domain = domain
        self.network = network
        self.epoch = epoch
        self.timeline = timeline
        self.history = history
        self.regionCounts = regionCounts
        self.view = view
        self.camera = camera
        self.viewBox = viewBox
        self.pinnedPoint = pinnedPoint
        self.scrubbedEpoch = scrubbedEpoch
    }

    // MARK: Tensors

    private static func put(_ mlp: MLP, _ prefix: String, into tensors: inout [String: Tensor]) {
        for (l, layer) in mlp.layers.enumerated() {
            tensors["\(prefix).\(l).weight"] = Tensor(
                shape: [layer.outputs, layer.inputs], values: layer.weight, storedAs: .f32)
            tensors["\(prefix).\(l).bias"] = Tensor(shape: [layer.outputs], values: layer.bias, storedAs: .f32)
        }
    }

    private static func take(_ prefix: String, activation: Activation, from tensors: [String: Tensor]) throws -> MLP {
        var layers: [DenseLayer] = []
        while let w = tensors["\(prefix).\(layers.count).weight"], let b = tensors["\(prefix).\(layers.count).bias"] {
            guard w.shape.count == 2, b.shape == [w.shape[0]] else {
                throw SessionError("the session is damaged: \(prefix) layer \(layers.count) has the wrong shape")
            }
            layers.append(DenseLayer(inputs: w.shape[1], outputs: w.shape[0], weight: w.values, bias: b.values))
        }
        do {
            return try MLP(layers: layers, activation: activation)
        } catch {
            throw SessionError("the session is damaged: \(prefix): \(error)")
        }
    }

    /// epoch, loss, accuracy, learning rate, seconds, PSNR, held-out loss, accuracy, PSNR (NaN: none).
    static let historyColumns = 9

    private static func row(_ s: EpochStats) -> [Double] {
        [
            Double(s.epoch), s.loss, s.accuracy, s.learningRate, s.seconds, s.psnr ?? .nan, s.test?.loss ?? .nan,
            s.test?.accuracy ?? .nan, s.test?.psnr ?? .nan,
        ]
    }

    private static func stats(_ r: [Double]) -> EpochStats {
        func opt(_ v: Double) -> Double? { v.isNaN ? nil : v }
        return EpochStats(
            epoch: Int(r[0]), loss: r[1], accuracy: r[2], learningRate: r[3], seconds: r[4], psnr: opt(r[5]),
            test: r[6].isNaN ? nil : Evaluation(loss: r[6], accuracy: r[7], psnr: opt(r[8])))
    }
}
