import Foundation
import NeuralNet
import Regions

/// Two-way provenance between the map and the network view: hovering a neuron shows its bent
/// hyperplane in the map; hovering an edge in the map lights up the neuron that made it.
extension AppCore {
    /// The neuron that made the map edge under the pointer: hidden layer from 1, index.
    public var edgeNeuron: (layer: Int, index: Int)? { netview.edgeNeuron }

    /// The map edge under the pointer, an edge of `mapPartition` as `Partition.edges` numbers them.
    public var hoveredEdge: Int? { netview.hoveredEdge }

    /// The neuron in focus: hovered in the network view, else the maker of the hovered map edge.
    public var focusNeuron: (layer: Int, index: Int)? { hoverNeuron ?? netview.edgeNeuron }

    /// "edge of neuron 12 in layer 3" for the hovered map edge, nil when none is hovered.
    public var edgeDescription: String? {
        netview.edgeNeuron.map { "edge of neuron \($0.index) in layer \($0.layer)" }
    }

    /// Finds the map edge within `tolerance` (domain units) of `p` and the neuron that made it;
    /// border edges and empty space clear it.
    public func hoverEdge(at p: Point?, tolerance: Double) {
        var edge: Int?
        var neuron: (layer: Int, index: Int)?
        if let p, let mp = mapPartition {
            let key = mapPartitionKey + "|\(mp.faceCount)"
            if netview.faceEdgesKey != key || netview.faceEdges == nil {
                netview.faceEdges = FaceEdgeIndex(mp)
                netview.faceEdgesKey = key
            }
            if let e = netview.faceEdges?.nearestEdge(in: mp, at: p, tolerance: tolerance),
                case .neuron(let layer, let index) = mp.edgeSource(e)
            {
                edge = e
                neuron = (layer + 1, index)
            }
        }
        let same =
            edge == netview.hoveredEdge && neuron?.layer == netview.edgeNeuron?.layer
            && neuron?.index == netview.edgeNeuron?.index
        guard !same else { return }
        netview.hoveredEdge = edge
        netview.edgeNeuron = neuron
        if let neuron { log("edge of neuron \(neuron.index) in layer \(neuron.layer)") }
        announce(.hover)
    }
}
