/// A fixed-size, zero-initialised Float array with a stable address, for the training hot loops
/// (no copy-on-write or exclusivity checks between the many buffers a step touches).
final class FloatBuffer {
    let count: Int
    let p: UnsafeMutablePointer<Float>

    init(count: Int) {
        self.count = count
        p = .allocate(capacity: max(count, 1))
        p.initialize(repeating: 0, count: max(count, 1))
    }

    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        for (i, v) in values.enumerated() { p[i] = v }
    }

    deinit { p.deallocate() }

    var array: [Float] { Array(UnsafeBufferPointer(start: p, count: count)) }
    func zero() { p.update(repeating: 0, count: count) }
    var allFinite: Bool {
        for i in 0..<count where !p[i].isFinite { return false }
        return true
    }
}
