/// The values of the vertices `EdgeSplitter` made, read where the ranges of edges that worked
/// them out keep them (vertex `firstVertex` onwards, range after range).
struct SplitValues {
    let firstVertex: Int
    private var starts: [Int] = []
    private var chains: [EdgeChain] = []

    init(firstVertex: Int) { self.firstVertex = firstVertex }

    var count: Int { chains.reduce(0) { $0 + $1.count } }
    var bytes: Int { chains.reduce(0) { $0 + $1.bytes } }

    mutating func append(_ chain: EdgeChain) {
        starts.append((starts.last ?? firstVertex) + (chains.last?.count ?? 0))
        chains.append(chain)
    }

    /// The range holding split vertex `v`: the last one starting at or before it.
    @inline(__always)
    private func chain(_ v: Int) -> Int {
        var lo = 0
        var hi = starts.count
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if starts[mid] <= v { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The zero-snapping scale of split vertex `v`.
    func scale(_ v: Int) -> Double {
        let c = chain(v)
        return chains[c].scale(ofVertex: v - starts[c])
    }

    /// Appends the values of split vertex `v` for `neurons` (ascending) to `out`.
    @inline(__always)
    func appendValues(_ v: Int, _ neurons: UnsafeBufferPointer<Int32>, to out: inout [Double]) {
        let c = chain(v)
        chains[c].appendValues(ofVertex: v - starts[c], neurons, to: &out)
    }
}
