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
}
