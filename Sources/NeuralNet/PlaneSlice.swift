/// A plane through the input space of a network with n inputs, given by three points of the data
/// (the anchors). Plane coordinates (s, t) stand for the point `origin + s·u + t·v`, with u and v
/// orthonormal, so distances and angles in the figure are those of the input space.
public struct PlaneSlice: Sendable, Equatable {
    public let origin: [Double]
    public let u: [Double]
    public let v: [Double]
    /// The three anchors in input space, in the order they were given.
    public let anchors: [[Double]]
    /// Each anchor's plane coordinates [s, t].
    public let anchorCoordinates: [[Double]]

    /// The plane through A, B, C: origin their centroid, u along B − A, v the unit part of C − A
    /// orthogonal to u (Gram–Schmidt).
    public init(through a: [Double], _ b: [Double], _ c: [Double]) throws {
        try self.init(anchors: [a, b, c], origin: Self.centroid(a, b, c), base: a, towardsU: b, towardsV: c)
    }

    /// The advanced form: origin O itself, u along U − O, v the unit part of V − O orthogonal to u.
    public init(origin o: [Double], towardsU p: [Double], towardsV q: [Double]) throws {
        try self.init(anchors: [o, p, q], origin: o, base: o, towardsU: p, towardsV: q)
    }

    private init(
        anchors: [[Double]], origin: [Double], base: [Double], towardsU p: [Double], towardsV q: [Double]
    )
        throws
    {
        let n = anchors[0].count
        guard n > 0, anchors.allSatisfy({ $0.count == n }) else {
            throw ModelError.invalidPlane("the three points do not have the same number of coordinates")
        }
        guard anchors.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw ModelError.invalidPlane("an anchor has a non-finite coordinate")
        }
        for (i, j) in [(0, 1), (0, 2), (1, 2)] where anchors[i] == anchors[j] {
            throw ModelError.invalidPlane("anchors \(i + 1) and \(j + 1) are the same point")
        }
        let d1 = Self.difference(p, base)
        let d2 = Self.difference(q, base)
        let u = Self.scaled(d1, 1 / Self.norm(d1))
        let along = Self.dot(d2, u)
        let w = zip(d2, u).map { $0 - along * $1 }
        // Relative to the anchors' spread: rounding leaves about 1e-16 of |C − A| when C lies on the line.
        guard Self.norm(w) > 1e-9 * Self.norm(d2) else {
            throw ModelError.invalidPlane("the three anchors are collinear, so they span no plane")
        }
        let v = Self.scaled(w, 1 / Self.norm(w))
        self.origin = origin
        self.u = u
        self.v = v
        self.anchors = anchors
        self.anchorCoordinates = anchors.map { x in
            let d = Self.difference(x, origin)
            return [Self.dot(d, u), Self.dot(d, v)]
        }
    }

    public var dimension: Int { origin.count }

    /// The input-space point at plane coordinates (s, t).
    public func point(_ s: Double, _ t: Double) -> [Double] {
        (0..<dimension).map { origin[$0] + s * u[$0] + t * v[$0] }
    }

    /// The square around the anchors' plane coordinates, widened by half its side on every side so
    /// the regions around the anchors show too.
    public var defaultDomain: Domain {
        let s = anchorCoordinates.map { $0[0] }
        let t = anchorCoordinates.map { $0[1] }
        let (s0, s1, t0, t1) = (s.min()!, s.max()!, t.min()!, t.max()!)
        let half = max(s1 - s0, t1 - t0) / 2
        let (cs, ct) = ((s0 + s1) / 2, (t0 + t1) / 2)
        let r = 2 * half
        return Domain(x0: cs - r, x1: cs + r, y0: ct - r, y1: ct + r)
    }

    /// The first layer `W x + b` seen on the plane: `(W [u v]) (s, t) + (W O + b)`.
    public func folded(into layer: DenseLayer) -> DenseLayer {
        precondition(layer.inputs == dimension, "layer does not take points of this plane")
        var weight = [Double](repeating: 0, count: 2 * layer.outputs)
        var bias = layer.bias
        for o in 0..<layer.outputs {
            var (ws, wt, wo) = (0.0, 0.0, 0.0)
            for i in 0..<dimension {
                let w = layer.w(o, i)
                ws += w * u[i]
                wt += w * v[i]
                wo += w * origin[i]
            }
            weight[2 * o] = ws
            weight[2 * o + 1] = wt
            bias[o] += wo
        }
        return DenseLayer(inputs: 2, outputs: layer.outputs, weight: weight, bias: bias)
    }

    private static func centroid(_ a: [Double], _ b: [Double], _ c: [Double]) -> [Double] {
        guard a.count == b.count, b.count == c.count else { return a }
        return (0..<a.count).map { (a[$0] + b[$0] + c[$0]) / 3 }
    }

    private static func difference(_ x: [Double], _ y: [Double]) -> [Double] { zip(x, y).map { $0 - $1 } }
    private static func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
    private static func norm(_ x: [Double]) -> Double { dot(x, x).squareRoot() }
    private static func scaled(_ x: [Double], _ k: Double) -> [Double] { x.map { $0 * k } }
}
