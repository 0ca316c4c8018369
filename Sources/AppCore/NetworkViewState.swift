import Regions

/// What the core keeps for the network view's features: the partition after hidden layer k
/// (computed by a worker of its own, so the full partition behind the inspector and the surface
/// stays as it is), and the neuron that made the map edge under the pointer.
struct NetworkViewState {
    var layerWorker: PartitionWorker?
    var layerPartition: Partition?
    /// The k the layer partition was computed for.
    var layerPartitionK = 0
    var layerGeneration = 0
    var layerShownGeneration = 0
    /// The map edge under the pointer (an edge of `mapPartition`) and the neuron that made it:
    /// hidden layer from 1, index.
    var hoveredEdge: Int?
    var edgeNeuron: (layer: Int, index: Int)?
    /// Faces to their edges for the map partition identified by `faceEdgesKey`.
    var faceEdges: FaceEdgeIndex?
    var faceEdgesKey = ""
}
