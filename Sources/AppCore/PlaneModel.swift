import NeuralNet

/// A model file whose network takes n ≠ 2 inputs, as opened: the window draws it on a plane
/// through three points of a data file, so it waits for one.
public struct PlaneModel: Sendable {
    /// The network as stored, with all its inputs (what Save model writes).
    public let network: GeneralNetwork
    public let task: LearningTask
    public let path: String
    public let metadata: [String: String]

    public init(_ file: NetworkFile, path: String) {
        network = file.network
        task = file.task
        self.path = path
        metadata = file.metadata
    }
}
