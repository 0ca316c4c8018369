import Foundation
import NeuralNet

/// A point of the input plane.
public struct Point: Sendable, Equatable, Hashable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// One output on one region: `z = a·x + b·y + c`.
public struct AffineMap: Sendable, Equatable {
    public var a: Double
    public var b: Double
    public var c: Double
    public init(a: Double, b: Double, c: Double) {
        self.a = a
        self.b = b
        self.c = c
    }
    @inline(__always) public func callAsFunction(_ x: Double, _ y: Double) -> Double { a * x + b * y + c }
    /// ‖(a, b)‖: how steeply the logit changes on the region.
    public var slopeNorm: Double { (a * a + b * b).squareRoot() }
}

/// Where an edge came from.
public enum EdgeSource: Sendable, Equatable, Hashable {
    case border
    case neuron(layer: Int, index: Int)
}

/// The exact partition of a rectangle into the linear regions of an MLP.
///
/// Faces are the common refinement of every hidden layer (regioncam's `num_faces` convention):
/// on each face every neuron keeps its sign, so each of the K outputs is one affine map there.
/// The decision boundary (`z = 0` for one output, else where the argmax changes) is recorded as
/// polylines and does not split faces; `decisionRegions` counts the faces it further splits
/// (regioncam's `num_faces` after `decision_boundary()`).
///
/// A face counts once per class that wins on a part of it of positive area, which is what
/// regioncam counts wherever its float32 arithmetic is exact: a boundary along an existing edge,
/// through a vertex or touching a face only at a corner splits nothing it does not cross.
/// Outputs within rounding of each other tie, and a tie goes to the lower class, as argmax's
/// first-on-ties does (one output is class 0 where z ≤ 0 and class 1 where z > 0), so outputs
/// equal on a whole face leave it one region.
public struct Partition: Sendable {
    public let domain: Domain
    public let hiddenWidths: [Int]
    public let activation: Activation

    // Vertices.
    public let vertexX: [Double]
    public let vertexY: [Double]
    /// Outputs of the network: K.
    public let outputCount: Int
    /// Every output at every vertex, vertex-major (`vertexOutputs[v * K + k]`): the same values
    /// from every face that meets there, snapped to 0 within rounding.
    public let vertexOutputs: [Double]
    /// Output 0 at each vertex (for one output, the logit; the same storage as `vertexOutputs`).
    public let vertexLogit: [Double]
    /// How outputs tie at the vertices (K > 1).
    let ties: VertexTies?

    // Half-edges (see HalfEdgeMesh).
    let heOrigin: [Int32]
    let heNext: [Int32]
    let heTwin: [Int32]
    let heFace: [Int32]
    let heSource: [Int32]

    // Faces.
    let faceEdge: [Int32]
    let patternBits: [UInt64]
    let wordsPerFace: Int
    /// The exact maps of every output on each face, face-major (`outputMaps[f * K + k]`).
    public let outputMaps: [AffineMap]
    /// The exact map of output 0 on each face (for one output, the same storage as `outputMaps`).
    public let logits: [AffineMap]
    /// Area of each face.
    public let areas: [Double]

    /// The decision boundary as joined polylines: `z = 0` for one output, else where the argmax
    /// changes. Each polyline separates one pair of classes (`boundaryClasses`).
    public let boundary: [[Point]]
    /// The pair of classes each polyline of `boundary` separates ((0, 1) for one output).
    public let boundaryClasses: [ClassPair]
    /// Faces further split by the decision boundary into parts of positive area: regioncam's
    /// `num_faces` after `decision_boundary()` (its sign layer for one output, argmax for K).
    public let decisionRegions: Int
    /// Face count after each hidden layer (the last entry is `faceCount`).
    public let facesPerLayer: [Int]
    /// Faces whose cut met values that disagreed beyond the zero tolerance (expected 0).
    public let numericalConflicts: Int

    let locator: PointLocator

    public var faceCount: Int { faceEdge.count }
    public var vertexCount: Int { vertexX.count }
    public var edgeCount: Int { heOrigin.count / 2 }
    /// Offsets of each hidden layer's first neuron in the flat neuron numbering.
    public var layerOffsets: [Int] {
        var o = 0
        return hiddenWidths.map { w in
            defer { o += w }
            return o
        }
    }

    init(
        domain: Domain, hiddenWidths: [Int], activation: Activation, mesh: HalfEdgeMesh, outputCount: Int,
        vertexOutputs: [Double], ties: VertexTies?, patternBits: [UInt64], wordsPerFace: Int, outputMaps: [AffineMap],
        areas: [Double], boundary: [[Point]], boundaryClasses: [ClassPair], decisionRegions: Int,
        facesPerLayer: [Int], numericalConflicts: Int, locator: PointLocator? = nil
    ) {
        self.domain = domain
        self.hiddenWidths = hiddenWidths
        self.activation = activation
        vertexX = mesh.x
        vertexY = mesh.y
        self.outputCount = outputCount
        self.vertexOutputs = vertexOutputs
        self.ties = ties
        self.outputMaps = outputMaps
        if outputCount == 1 {
            vertexLogit = vertexOutputs
            logits = outputMaps
        } else {
            vertexLogit = stride(from: 0, to: vertexOutputs.count, by: outputCount).map { vertexOutputs[$0] }
            logits = stride(from: 0, to: outputMaps.count, by: outputCount).map { outputMaps[$0] }
        }
        heOrigin = mesh.origin
        heNext = mesh.next
        heTwin = mesh.twin
        heFace = mesh.face
        heSource = mesh.source
        faceEdge = mesh.faceEdge
        self.patternBits = patternBits
        self.wordsPerFace = wordsPerFace
        self.areas = areas
        self.boundary = boundary
        self.boundaryClasses = boundaryClasses
        self.decisionRegions = decisionRegions
        self.facesPerLayer = facesPerLayer
        self.numericalConflicts = numericalConflicts
        self.locator = locator ?? PointLocator(mesh: mesh, domain: domain)
    }

    // MARK: Faces

    /// The corners of a face, counter-clockwise.
    public func polygon(_ face: Int) -> [Point] {
        vertexIndices(face).map { Point(vertexX[$0], vertexY[$0]) }
    }

    /// Vertex indices of a face, counter-clockwise.
    public func vertexIndices(_ face: Int) -> [Int] {
        var out: [Int] = []
        let start = faceEdge[face]
        var h = start
        repeat {
            out.append(Int(heOrigin[Int(h)]))
            h = heNext[Int(h)]
        } while h != start
        return out
    }

    /// Whether neuron `index` of hidden layer `layer` is active (pre-activation > 0) on a face.
    public func isActive(face: Int, layer: Int, index: Int) -> Bool {
        let g = layerOffsets[layer] + index
        return patternBits[face * wordsPerFace + g >> 6] & (1 << UInt64(g & 63)) != 0
    }

    /// The activation pattern of a face: per hidden layer, 1 where the neuron is active.
    public func pattern(_ face: Int) -> [[UInt8]] {
        var g = 0
        return hiddenWidths.map { w in
            (0..<w).map { _ in
                defer { g += 1 }
                return patternBits[face * wordsPerFace + g >> 6] & (1 << UInt64(g & 63)) != 0 ? 1 : 0
            }
        }
    }

    /// The pattern's raw bit words (neuron g at bit g), e.g. for hashing a stable colour.
    public func patternWords(_ face: Int) -> ArraySlice<UInt64> {
        patternBits[(face * wordsPerFace)..<((face + 1) * wordsPerFace)]
    }

    /// The area-weighted centroid of a face.
    public func centroid(_ face: Int) -> Point {
        let idx = vertexIndices(face)
        let ox = vertexX[idx[0]]
        let oy = vertexY[idx[0]]
        var a2 = 0.0
        var cx = 0.0
        var cy = 0.0
        for i in 1..<(idx.count - 1) {
            let x1 = vertexX[idx[i]] - ox
            let y1 = vertexY[idx[i]] - oy
            let x2 = vertexX[idx[i + 1]] - ox
            let y2 = vertexY[idx[i + 1]] - oy
            let cross = x1 * y2 - x2 * y1
            a2 += cross
            cx += cross * (x1 + x2)
            cy += cross * (y1 + y2)
        }
        guard a2 != 0 else { return Point(ox, oy) }
        return Point(ox + cx / (3 * a2), oy + cy / (3 * a2))
    }

    /// The K output maps of a face.
    public func maps(face: Int) -> ArraySlice<AffineMap> {
        outputMaps[(face * outputCount)..<((face + 1) * outputCount)]
    }

    /// The face split into its convex argmax cells (winner first on ties; for one output class 0
    /// where z ≤ 0 and class 1 where z > 0), cells of zero area dropped. Computed from the corner
    /// values, as `decisionRegions` counts them: `decisionCells(face:).count` summed over the
    /// faces is `decisionRegions`.
    public func decisionCells(face: Int) -> [DecisionCell] {
        var cells = cellSplitter()
        return cells.decisionCells(face: face)
    }

    /// `decisionCells(face:)` for every face of a range, one array per face, sharing the work
    /// buffers (several times faster than face by face).
    public func decisionCells(faces: Range<Int>) -> [[DecisionCell]] {
        var cells = cellSplitter()
        return faces.map { cells.decisionCells(face: $0) }
    }

    private func cellSplitter() -> ArgmaxCells {
        ArgmaxCells(
            outputs: outputCount, x: vertexX, y: vertexY, origin: heOrigin, next: heNext, twin: heTwin,
            faceEdge: faceEdge, vertexOutputs: vertexOutputs, ties: ties)
    }

    /// The winning class at a point of a face, from the face's maps (first on ties, and outputs
    /// within rounding of each other tie, as in `decisionCells`; for one output 1 where z > 0,
    /// else 0).
    public func winner(face: Int, at p: Point) -> Int {
        let maps = maps(face: face)
        if outputCount == 1 { return maps[maps.startIndex](p.x, p.y) > 0 ? 1 : 0 }
        var scale = 0.0
        if let ties { for v in vertexIndices(face) { scale = max(scale, ties.scales[v]) } }
        var best = 0
        var top = maps[maps.startIndex](p.x, p.y)
        for (k, m) in maps.enumerated().dropFirst() {
            let z = m(p.x, p.y)
            if z - top > (ties?.tolerance.bound(k, best, scale: scale) ?? 0) {
                top = z
                best = k
            }
        }
        return best
    }

    /// The face containing a point, or nil outside the domain.
    public func face(at p: Point) -> Int? {
        locator.locate(p, in: self)
    }

    // MARK: Edges

    /// Each undirected edge once, as the half-edge with the smaller index.
    public var edges: [Int] {
        (0..<heOrigin.count).filter { Int(heTwin[$0]) > $0 }
    }

    public func edgeEndpoints(_ edge: Int) -> (Int, Int) {
        (Int(heOrigin[edge]), Int(heOrigin[Int(heTwin[edge])]))
    }

    public func edgeSource(_ edge: Int) -> EdgeSource {
        let g = Int(heSource[edge])
        if g < 0 { return .border }
        var layer = 0
        var offset = 0
        while g >= offset + hiddenWidths[layer] {
            offset += hiddenWidths[layer]
            layer += 1
        }
        return .neuron(layer: layer, index: g - offset)
    }

    /// The faces on either side of an edge (-1 for the outside of the domain).
    public func edgeFaces(_ edge: Int) -> (Int, Int) {
        (Int(heFace[edge]), Int(heFace[Int(heTwin[edge])]))
    }

    /// Edges created by one neuron: its bent line through the plane.
    public func edges(ofNeuron layer: Int, index: Int) -> [Int] {
        let g = Int32(layerOffsets[layer] + index)
        return edges.filter { heSource[$0] == g }
    }
}
