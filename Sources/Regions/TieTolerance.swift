import NeuralNet

/// When two outputs count as equal at a point: their difference is within the rounding bound of
/// the two output rows (`ZeroTolerance` for each, summed) at the point's activation scale. Two
/// rows that differ only where the network is exactly flat (say, by a neuron that is off on a
/// whole region) then tie there instead of splitting the region by rounding noise.
struct TieTolerance: Sendable {
    private let rowNorm: [Double]
    private let absBias: [Double]
    private let relative: Double
    private let maxRowNorm: Double
    private let maxAbsBias: Double

    init(outputLayer layer: DenseLayer) {
        let t = ZeroTolerance(layer: layer)
        rowNorm = t.rowNorm
        absBias = t.absBias
        relative = t.relative
        maxRowNorm = t.rowNorm.max() ?? 0
        maxAbsBias = t.absBias.max() ?? 0
    }

    @inline(__always)
    func bound(_ i: Int, _ j: Int, scale: Double) -> Double {
        relative * ((rowNorm[i] + rowNorm[j]) * scale + absBias[i] + absBias[j])
    }

    /// The largest bound of any pair at `scale`.
    func maxBound(scale: Double) -> Double { relative * (2 * maxRowNorm * scale + 2 * maxAbsBias) }
}
