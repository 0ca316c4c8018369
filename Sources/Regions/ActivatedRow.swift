/// One row of a layer's pre-activations, activated (LeakyReLU with `slope`; 0 for ReLU) into a
/// buffer, as the dense products and the output values both need before multiplying.
enum ActivatedRow {
    /// Writes the `n` activated values of `z` to `out` and returns their largest magnitude (the
    /// row's scale, for the sign tests' tolerance).
    @inline(__always)
    static func write(
        _ z: UnsafePointer<Double>, _ n: Int, slope: Double, to out: UnsafeMutablePointer<Double>
    )
        -> Double
    {
        var s = 0.0
        for j in 0..<n {
            let v = z[j] > 0 ? z[j] : slope * z[j]
            out[j] = v
            s = max(s, abs(v))
        }
        return s
    }

    /// Writes rows `first..<first + live` of `table`, activated, to the four rows of `out` (each
    /// `table.width` long; the rows past `live` all 0) and returns their scales (0 past `live`):
    /// the 4-row blocks the dense products and the output values multiply.
    @inline(__always)
    static func writeBlock(
        _ table: ValueTable, first: Int, live: Int, slope: Double, to out: UnsafeMutablePointer<Double>
    ) -> SIMD4<Double> {
        let n = table.width
        var scales = SIMD4<Double>(repeating: 0)
        for r in 0..<4 {
            if r < live {
                scales[r] = write(table.row(first + r), n, slope: slope, to: out + r * n)
            } else {
                (out + r * n).initialize(repeating: 0, count: n)
            }
        }
        return scales
    }
}
