import NeuralNet

/// The exact restriction of a network to the line `A + τ (B − A)` through two points of its input
/// space, over `τ0 ≤ τ ≤ τ1`: the breakpoints where a hidden neuron's pre-activation crosses zero,
/// and on each piece between them every output as `slope · τ + intercept`.
///
/// Found as in regioncam's one-dimensional slice: every neuron of a layer is an affine function of
/// τ on each piece of the previous layer, so it has at most one zero there; the pieces are split at
/// those zeros, the activation applied by the sign on each new piece, and the next layer composed.
public struct LineSlice: Sendable {
    /// One stretch of the line on which every hidden neuron keeps its sign.
    public struct Piece: Sendable, Equatable {
        public var tau0: Double
        public var tau1: Double
        /// Output k is `slopes[k] · τ + intercepts[k]` on this piece.
        public var slopes: [Double]
        public var intercepts: [Double]
        /// Per hidden layer, per neuron: positive pre-activation (the ReLU passes it) inside the piece.
        public var pattern: [[Bool]]

        public var midpoint: Double { (tau0 + tau1) / 2 }

        /// Every output at τ by the piece's affine formula.
        public func outputs(at tau: Double) -> [Double] { zip(slopes, intercepts).map { $0 * tau + $1 } }

    }

    /// A: where τ = 0.
    public let start: [Double]
    /// B: where τ = 1.
    public let end: [Double]
    public let tau0: Double
    public let tau1: Double
    public let pieces: [Piece]

    /// The τ of every breakpoint strictly inside [τ0, τ1], increasing (the pieces' inner ends).
    public var breakpoints: [Double] { pieces.dropFirst().map(\.tau0) }

    /// The line's default range: the two points with half their distance beyond each.
    public static let defaultRange = (-0.5, 1.5)

    /// Slices `network` along A + τ (B − A). Refuses points of another dimension, A = B, a
    /// non-finite coordinate and an empty or non-finite range, each with one line.
    public init(
        _ network: GeneralNetwork, from a: [Double], to b: [Double],
        tau0: Double = LineSlice.defaultRange.0, tau1: Double = LineSlice.defaultRange.1
    ) throws {
        let n = network.inputCount
        guard a.count == n, b.count == n else {
            throw ModelError.invalidPlane(
                "the points have \(a.count == n ? b.count : a.count) coordinates but the model takes \(n) inputs")
        }
        guard a.allSatisfy(\.isFinite), b.allSatisfy(\.isFinite) else {
            throw ModelError.invalidPlane("a point of the line has a non-finite coordinate")
        }
        guard a != b else { throw ModelError.invalidPlane("the two points are the same, so they span no line") }
        guard tau0.isFinite, tau1.isFinite, tau0 < tau1 else {
            throw ModelError.invalidPlane("the line's range needs finite T0 < T1, not \(tau0) … \(tau1)")
        }
        self.start = a
        self.end = b
        self.tau0 = tau0
        self.tau1 = tau1
        self.pieces = Self.slice(network, a, b, tau0, tau1)
    }

    /// A piece while it is being built: the current layer's values as affine functions of τ.
    private struct Work {
        var tau0: Double
        var tau1: Double
        var slopes: [Double]
        var intercepts: [Double]
        var pattern: [[Bool]]
    }

    private static func slice(
        _ net: GeneralNetwork, _ a: [Double], _ b: [Double], _ t0: Double, _ t1: Double
    )
        -> [Piece]
    {
        let direction = zip(b, a).map { $0 - $1 }
        var work = [Work(tau0: t0, tau1: t1, slopes: direction, intercepts: a, pattern: [])]
        // Zeros closer than this to a piece's end or to each other are one breakpoint: rounding in
        // the composed slopes and intercepts is far smaller, and a piece this short cannot be drawn.
        let tolerance = 1e-12 * max(1, abs(t0), abs(t1))
        for (l, layer) in net.layers.enumerated() {
            let hidden = l < net.layers.count - 1
            var next: [Work] = []
            for w in work {
                let (slopes, intercepts) = compose(layer, w.slopes, w.intercepts)
                guard hidden else {
                    next.append(
                        Work(tau0: w.tau0, tau1: w.tau1, slopes: slopes, intercepts: intercepts, pattern: w.pattern))
                    continue
                }
                var cuts: [Double] = []
                for k in slopes.indices where slopes[k] != 0 {
                    let zero = -intercepts[k] / slopes[k]
                    if zero > w.tau0 + tolerance && zero < w.tau1 - tolerance { cuts.append(zero) }
                }
                cuts.sort()
                var ends = [w.tau0]
                for c in cuts where c - ends[ends.count - 1] > tolerance { ends.append(c) }
                if w.tau1 - ends[ends.count - 1] <= tolerance && ends.count > 1 { ends.removeLast() }
                ends.append(w.tau1)
                for i in 0..<(ends.count - 1) {
                    let mid = (ends[i] + ends[i + 1]) / 2
                    var active = [Bool](repeating: false, count: slopes.count)
                    var s = slopes
                    var c = intercepts
                    for k in slopes.indices {
                        active[k] = slopes[k] * mid + intercepts[k] > 0
                        if !active[k] {
                            s[k] *= net.activation.negativeSlope
                            c[k] *= net.activation.negativeSlope
                        }
                    }
                    next.append(
                        Work(tau0: ends[i], tau1: ends[i + 1], slopes: s, intercepts: c, pattern: w.pattern + [active]))
                }
            }
            work = next
        }
        return work.map {
            Piece(tau0: $0.tau0, tau1: $0.tau1, slopes: $0.slopes, intercepts: $0.intercepts, pattern: $0.pattern)
        }
    }

    /// `W (s τ + c) + b` as (W s) τ + (W c + b).
    private static func compose(_ layer: DenseLayer, _ s: [Double], _ c: [Double]) -> ([Double], [Double]) {
        var slopes = [Double](repeating: 0, count: layer.outputs)
        var intercepts = layer.bias
        for o in 0..<layer.outputs {
            var (ws, wc) = (0.0, 0.0)
            for i in 0..<layer.inputs {
                let w = layer.w(o, i)
                ws += w * s[i]
                wc += w * c[i]
            }
            slopes[o] = ws
            intercepts[o] += wc
        }
        return (slopes, intercepts)
    }

    /// The input-space point at τ.
    public func point(at tau: Double) -> [Double] { zip(start, end).map { $0 + tau * ($1 - $0) } }

    /// The piece holding τ (the later one at a breakpoint); nil outside [τ0, τ1].
    public func piece(at tau: Double) -> Piece? {
        guard tau >= tau0, tau <= tau1 else { return nil }
        var lo = 0
        var hi = pieces.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if pieces[mid].tau0 <= tau { lo = mid } else { hi = mid - 1 }
        }
        return pieces[lo]
    }

    /// A stretch of the line with one winner: the largest output (argmax), or for one output
    /// class 1 where it is positive and 0 elsewhere.
    public struct WinnerRun: Sendable, Equatable {
        public var tau0: Double
        public var tau1: Double
        public var winner: Int
    }

    /// The line split where the winner changes, found exactly: on each piece the outputs are K
    /// lines in τ, and the winner changes where the leading one is overtaken.
    public var winnerRuns: [WinnerRun] {
        var runs: [WinnerRun] = []
        func add(_ a: Double, _ b: Double, _ w: Int) {
            if let last = runs.last, last.winner == w {
                runs[runs.count - 1].tau1 = b
            } else if b > a {
                runs.append(WinnerRun(tau0: a, tau1: b, winner: w))
            }
        }
        for p in pieces {
            // One output: its sign, as the lines 0 and z.
            let slopes = p.slopes.count == 1 ? [0, p.slopes[0]] : p.slopes
            let intercepts = p.intercepts.count == 1 ? [0, p.intercepts[0]] : p.intercepts
            var tau = p.tau0
            var best = Self.leader(slopes, intercepts, at: tau)
            while true {
                var overtaken = p.tau1
                var successor = best
                for j in slopes.indices where j != best && slopes[j] > slopes[best] {
                    let z = (intercepts[best] - intercepts[j]) / (slopes[j] - slopes[best])
                    if z > tau && z < overtaken {
                        overtaken = z
                        successor = j
                    }
                }
                add(tau, overtaken, best)
                guard overtaken < p.tau1 else { break }
                tau = overtaken
                best = successor
            }
        }
        return runs
    }

    /// The largest of the lines at τ; on a tie the one that leads just after τ, then the first.
    private static func leader(_ slopes: [Double], _ intercepts: [Double], at tau: Double) -> Int {
        var best = 0
        for j in slopes.indices.dropFirst() {
            let zj = slopes[j] * tau + intercepts[j]
            let zb = slopes[best] * tau + intercepts[best]
            if zj > zb || (zj == zb && slopes[j] > slopes[best]) { best = j }
        }
        return best
    }
}
