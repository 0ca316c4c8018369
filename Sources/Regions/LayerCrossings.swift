/// Which neurons of one layer cross each face of the mesh before the layer's cut (phase 1 of a
/// cut), with the pattern bits of the neurons that keep one sign on a face set on the way.
///
/// A neuron crosses a face when it is strictly positive at one corner and strictly negative at
/// another; the corners' sign masks give that for 64 neurons per word operation.
struct LayerCrossings {
    /// The neurons crossing face `f` are `list[start[f]..<start[f+1]]`, ascending.
    private(set) var start: [Int32]
    private(set) var list: [Int32] = []

    init<Values: VertexValues>(
        mesh: HalfEdgeMesh, values: Values, neuronOffset: Int, wordsPerFace: Int, bits: inout [UInt64],
        cancel: CancellationToken?
    ) throws {
        let faces = mesh.faceCount
        start = [Int32](repeating: 0, count: faces + 1)
        list.reserveCapacity(faces)
        let words = values.maskWords
        let anyPositive = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        let anyNegative = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        defer {
            anyPositive.deallocate()
            anyNegative.deallocate()
        }
        for f in 0..<faces {
            if f & 1023 == 0, let cancel, cancel.isCancelled { throw PartitionError.cancelled }
            anyPositive.update(repeating: 0, count: words)
            anyNegative.update(repeating: 0, count: words)
            let first = mesh.faceEdge[f]
            var h = first
            repeat {
                let v = Int(mesh.origin[Int(h)])
                let p = values.positiveMask(v)
                let q = values.negativeMask(v)
                for w in 0..<words {
                    anyPositive[w] |= p[w]
                    anyNegative[w] |= q[w]
                }
                h = mesh.next[Int(h)]
            } while h != first
            let base = f * wordsPerFace
            for w in 0..<words {
                var crossing = anyPositive[w] & anyNegative[w]
                while crossing != 0 {
                    list.append(Int32(w * 64 + crossing.trailingZeroBitCount))
                    crossing &= crossing - 1
                }
                var active = anyPositive[w] & ~anyNegative[w]
                while active != 0 {
                    let g = neuronOffset + w * 64 + active.trailingZeroBitCount
                    bits[base + g >> 6] |= 1 << UInt64(g & 63)
                    active &= active - 1
                }
            }
            start[f + 1] = Int32(list.count)
        }
    }
}
