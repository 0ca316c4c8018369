/// Summary figures of a partition.
public struct PartitionStatistics: Sendable {
    public struct Distribution: Sendable {
        public let min, p10, median, p90, max, mean: Double
        init(_ values: [Double]) {
            let s = values.sorted()
            func q(_ f: Double) -> Double {
                s.isEmpty ? 0 : s[Swift.min(s.count - 1, Int(f * Double(s.count - 1) + 0.5))]
            }
            min = s.first ?? 0
            max = s.last ?? 0
            p10 = q(0.1)
            median = q(0.5)
            p90 = q(0.9)
            mean = s.isEmpty ? 0 : s.reduce(0, +) / Double(s.count)
        }
    }

    public let faces: Int
    public let edges: Int
    public let vertices: Int
    public let facesPerLayer: [Int]
    /// Edges by source: index 0 the domain border, then one entry per hidden layer.
    public let edgesPerLayer: [Int]
    public let area: Distribution
    public let edgeLength: Distribution
    public let boundaryPolylines: Int
    public let boundaryLength: Double
    /// Boundary length between each pair of classes that meet ((0, 1) alone for one output).
    public let boundaryLengthByPair: [ClassPair: Double]
    /// Regions further split by the decision boundary (see `Partition.decisionRegions`).
    public let decisionRegions: Int
    public let totalArea: Double

    public init(_ p: Partition) {
        faces = p.faceCount
        edges = p.edgeCount
        vertices = p.vertexCount
        facesPerLayer = p.facesPerLayer
        var perLayer = [Int](repeating: 0, count: p.hiddenWidths.count + 1)
        var lengths: [Double] = []
        lengths.reserveCapacity(p.edgeCount)
        for e in p.edges {
            let (a, b) = p.edgeEndpoints(e)
            let dx = p.vertexX[b] - p.vertexX[a]
            let dy = p.vertexY[b] - p.vertexY[a]
            lengths.append((dx * dx + dy * dy).squareRoot())
            switch p.edgeSource(e) {
            case .border: perLayer[0] += 1
            case .neuron(let layer, _): perLayer[layer + 1] += 1
            }
        }
        edgesPerLayer = perLayer
        area = Distribution(p.areas)
        edgeLength = Distribution(lengths)
        boundaryPolylines = p.boundary.count
        var byPair: [ClassPair: Double] = [:]
        var length = 0.0
        for (line, pair) in zip(p.boundary, p.boundaryClasses) {
            let l = zip(line, line.dropFirst()).reduce(0.0) { t, s in
                t + ((s.1.x - s.0.x) * (s.1.x - s.0.x) + (s.1.y - s.0.y) * (s.1.y - s.0.y)).squareRoot()
            }
            length += l
            byPair[pair, default: 0] += l
        }
        boundaryLength = length
        boundaryLengthByPair = byPair
        decisionRegions = p.decisionRegions
        // Pairwise summation keeps the sum of many small areas accurate.
        totalArea = Self.pairwiseSum(p.areas[...])
    }

    static func pairwiseSum(_ v: ArraySlice<Double>) -> Double {
        if v.count <= 64 { return v.reduce(0, +) }
        let mid = v.startIndex + v.count / 2
        return pairwiseSum(v[v.startIndex..<mid]) + pairwiseSum(v[mid..<v.endIndex])
    }
}
