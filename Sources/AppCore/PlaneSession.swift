import Foundation
import NeuralNet

/// The part of a session that a many-input model on a plane needs: the model as opened (every
/// input, in the chain form Save model writes), the points it is seen through and the three
/// rows the plane passes through. The folded two-input network is not stored: it is made again
/// from these, exactly as when the model was first opened.
public struct PlaneSession: Sendable {
    public var model: PlaneModel
    public var points: PointsFile
    public var pointsPath: String
    public var anchors: [Int]

    public init(model: PlaneModel, points: PointsFile, pointsPath: String, anchors: [Int]) {
        self.model = model
        self.points = points
        self.pointsPath = pointsPath
        self.anchors = anchors
    }

    static let modelPrefix = "plane.model."
    static let pointsKey = "plane.points"

    /// Adds the tensors to `tensors` (in F64: a folded BatchNorm is not an F32 number) and
    /// returns the JSON description.
    func put(into tensors: inout [String: Tensor]) -> [String: Any] {
        let file = model.network.safetensors(task: model.task, metadata: model.metadata)
        for (name, t) in file.tensors {
            tensors[Self.modelPrefix + name] = Tensor(shape: t.shape, values: t.values, storedAs: .f64)
        }
        tensors[Self.pointsKey] = Tensor(
            shape: [points.rows.count, points.dimension], values: points.rows.flatMap { $0 }, storedAs: .f64)
        var doc: [String: Any] = [
            "model_path": model.path, "model_metadata": file.metadata, "points_path": pointsPath, "anchors": anchors,
        ]
        if let labels = points.labels { doc["labels"] = labels }
        return doc
    }

    /// Reads what `put` wrote; anything missing or inconsistent is a one-line `SessionError`.
    init(document doc: [String: Any], tensors: [String: Tensor]) throws {
        func fail(_ what: String) -> SessionError { SessionError("the session is damaged: its plane \(what)") }
        guard let modelPath = doc["model_path"] as? String, let meta = doc["model_metadata"] as? [String: String],
            let pointsPath = doc["points_path"] as? String, let anchors = doc["anchors"] as? [Int], anchors.count == 3,
            let p = tensors[Self.pointsKey], p.shape.count == 2, p.shape[0] >= 3, p.shape[1] >= 1,
            p.values.allSatisfy(\.isFinite)
        else { throw fail("description is incomplete") }
        var modelTensors: [String: Tensor] = [:]
        for (name, t) in tensors where name.hasPrefix(Self.modelPrefix) {
            modelTensors[String(name.dropFirst(Self.modelPrefix.count))] = t
        }
        let network: NetworkFile
        do {
            network = try NetworkFile(safetensors: SafetensorsFile(metadata: meta, tensors: modelTensors))
        } catch { throw fail("model: \(error)") }
        let n = p.shape[1]
        let rows = (0..<p.shape[0]).map { Array(p.values[($0 * n)..<($0 * n + n)]) }
        let labels = doc["labels"] as? [String]
        guard labels == nil || labels?.count == rows.count else { throw fail("labels do not match its points") }
        guard n == network.network.inputCount else { throw fail("points do not fit its model") }
        model = PlaneModel(network, path: modelPath)
        points = PointsFile(rows: rows, labels: labels)
        self.pointsPath = pointsPath
        self.anchors = anchors
    }
}
