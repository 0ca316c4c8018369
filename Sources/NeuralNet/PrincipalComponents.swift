/// The two directions along which a cloud of points in n dimensions spreads most (its first two
/// principal components), and each point's coordinates along them: a flat overview of the data
/// to pick a plane's anchors from.
public struct PrincipalComponents: Sendable, Equatable {
    public let mean: [Double]
    /// Unit vectors, the first along the largest variance; orthogonal to each other.
    public let axes: [[Double]]
    /// The variance along each axis.
    public let variances: [Double]
    /// Every point's coordinates along `axes`, in the rows' order.
    public let coordinates: [[Double]]

    /// Orthogonal (block power) iteration on the covariance, applied as `Xᵀ (X v)` so an n × n
    /// matrix is never formed; it starts from fixed vectors, so the same points give the same
    /// picture. One-dimensional data gets a zero second axis.
    public init(_ rows: [[Double]], components: Int = 2, iterations: Int = 300) {
        let n = rows.first?.count ?? 0
        let count = Double(max(rows.count, 1))
        var mean = [Double](repeating: 0, count: n)
        for r in rows { for i in 0..<n { mean[i] += r[i] / count } }
        let centred = rows.map { r in (0..<n).map { r[$0] - mean[$0] } }
        let k = min(components, n)
        // Fixed, generic starting vectors (no axis-aligned start that data could be orthogonal to).
        var basis: [[Double]] = (0..<k).map { j in
            (0..<n).map { i -> Double in
                let step = Double((i * (j + 3) + j) % 7)
                return 1 + 0.37 * step
            }
        }
        Self.orthonormalise(&basis)
        for _ in 0..<iterations {
            var next = basis.map { v in Self.covarianceTimes(centred, v) }
            Self.orthonormalise(&next)
            let settled = zip(basis, next).allSatisfy { abs(abs(Self.dot($0, $1)) - 1) < 1e-15 }
            basis = next
            if settled { break }
        }
        // Signs fixed so the largest coordinate of each axis is positive: stable pictures.
        for j in basis.indices {
            if let big = basis[j].indices.max(by: { abs(basis[j][$0]) < abs(basis[j][$1]) }), basis[j][big] < 0 {
                basis[j] = basis[j].map { -$0 }
            }
        }
        while basis.count < components { basis.append([Double](repeating: 0, count: n)) }
        self.mean = mean
        self.axes = basis
        self.coordinates = centred.map { x in basis.map { Self.dot(x, $0) } }
        self.variances = basis.map { v in
            centred.reduce(0) { $0 + Self.dot($1, v) * Self.dot($1, v) } / max(count - 1, 1)
        }
    }

    private static func covarianceTimes(_ x: [[Double]], _ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: v.count)
        for r in x {
            let p = dot(r, v)
            for i in r.indices { out[i] += p * r[i] }
        }
        return out
    }

    /// Gram–Schmidt; a vector that vanishes (data of lower rank) becomes zero.
    private static func orthonormalise(_ vs: inout [[Double]]) {
        for j in vs.indices {
            for i in 0..<j {
                let p = dot(vs[j], vs[i])
                vs[j] = zip(vs[j], vs[i]).map { $0 - p * $1 }
            }
            let norm = dot(vs[j], vs[j]).squareRoot()
            vs[j] = norm > 1e-300 ? vs[j].map { $0 / norm } : vs[j].map { _ in 0 }
        }
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
