/// A colour image, row-major from the top row: three sRGB components per pixel in [0, 1], already
/// composited on white. It carries its grey version beside it rather than deriving it, because the
/// loader computes grey from the uncomposited colour and alpha: the binary task must keep seeing
/// exactly the grey values it always has.
public struct ColorImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// r, g, b per pixel.
    public let rgb: [Double]
    /// Rec. 601 luma of each pixel, composited on white.
    public let grey: GreyImage

    /// Grey from the (opaque, composited) colours with the Rec. 601 weights.
    public init(width: Int, height: Int, rgb: [Double]) {
        precondition(
            width > 0 && height > 0 && rgb.count == 3 * width * height, "colour image storage does not match its size")
        let luma = (0..<(width * height)).map { (p: Int) -> Double in
            let r: Double = rgb[3 * p]
            let g: Double = rgb[3 * p + 1]
            let b: Double = rgb[3 * p + 2]
            return 0.299 * r + 0.587 * g + 0.114 * b
        }
        self.init(width: width, height: height, rgb: rgb, grey: GreyImage(width: width, height: height, pixels: luma))
    }

    /// Colours with a grey computed elsewhere (the loader's, from colour and alpha).
    public init(width: Int, height: Int, rgb: [Double], grey: GreyImage) {
        precondition(
            width > 0 && height > 0 && rgb.count == 3 * width * height && grey.width == width
                && grey.height == height,
            "colour image storage does not match its size")
        self.width = width
        self.height = height
        self.rgb = rgb
        self.grey = grey
    }

    /// A grey picture as a colour one (r = g = b = grey), keeping the grey values exactly.
    public init(grey: GreyImage) {
        var rgb = [Double](repeating: 0, count: 3 * grey.pixels.count)
        for (p, v) in grey.pixels.enumerated() {
            rgb[3 * p] = v
            rgb[3 * p + 1] = v
            rgb[3 * p + 2] = v
        }
        self.init(width: grey.width, height: grey.height, rgb: rgb, grey: grey)
    }

    public var pixelCount: Int { width * height }

    /// The colour of pixel (x, y) from the top left.
    public subscript(x: Int, y: Int) -> (r: Double, g: Double, b: Double) {
        let p = 3 * (y * width + x)
        return (rgb[p], rgb[p + 1], rgb[p + 2])
    }

    /// The downsampled picture made straight from the source's rows: `row(y, buffer)` writes row
    /// y as r, g, b, grey for each pixel (in [0, 1], on white). Equal, value for value, to building
    /// the full picture and calling `downsampled(maxSide:)`, without ever holding it. nil when the
    /// picture already fits.
    public static func areaAveraged(
        width: Int, height: Int, maxSide: Int, row: (Int, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> ColorImage? {
        guard
            let (w, h, out) = AreaAverage.downsample(
                width: width, height: height, channels: 4, maxSide: maxSide, row: row)
        else { return nil }
        var rgb = [Double](repeating: 0, count: 3 * w * h)
        var grey = [Double](repeating: 0, count: w * h)
        for i in 0..<(w * h) {
            rgb[3 * i] = out[4 * i]
            rgb[3 * i + 1] = out[4 * i + 1]
            rgb[3 * i + 2] = out[4 * i + 2]
            grey[i] = out[4 * i + 3]
        }
        return ColorImage(width: w, height: h, rgb: rgb, grey: GreyImage(width: w, height: h, pixels: grey))
    }

    /// Area-average downsampling so that the longer side is at most `maxSide`, as
    /// `GreyImage.downsampled` does; the grey is downsampled on its own so that it equals the
    /// grey image's downsampling.
    public func downsampled(maxSide: Int) -> ColorImage {
        guard let (w, h, out) = AreaAverage.downsample(rgb, channels: 3, width: width, height: height, maxSide: maxSide)
        else { return self }
        return ColorImage(width: w, height: h, rgb: out, grey: grey.downsampled(maxSide: maxSide))
    }
}

/// Area-average downsampling of interleaved channels, shared by the grey and the colour image.
enum AreaAverage {
    /// nil when the image already fits.
    static func downsample(
        _ values: [Double], channels: Int, width: Int, height: Int, maxSide: Int
    ) -> (width: Int, height: Int, values: [Double])? {
        let rowLength = width * channels
        return downsample(width: width, height: height, channels: channels, maxSide: maxSide) { y, row in
            for k in 0..<rowLength { row[k] = values[y * rowLength + k] }
        }
    }

    /// The same, reading the source a row at a time (`row(y, buffer)` writes row y's
    /// `width × channels` values): only the few rows under one output row are held at once, so a
    /// large photo never exists as a full array of Doubles. Every output value is summed in the
    /// same order as from a whole array, so both give identical numbers.
    static func downsample(
        width: Int, height: Int, channels: Int, maxSide: Int,
        row: (Int, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> (width: Int, height: Int, values: [Double])? {
        let side = max(width, height)
        guard maxSide > 0, side > maxSide else { return nil }
        let scale = Double(side) / Double(maxSide)
        let w = max(1, Int((Double(width) / scale).rounded()))
        let h = max(1, Int((Double(height) / scale).rounded()))
        var out = [Double](repeating: 0, count: w * h * channels)
        var sum = [Double](repeating: 0, count: channels)
        let sx = Double(width) / Double(w)
        let sy = Double(height) / Double(h)
        let rowLength = width * channels
        var band: [Double] = []
        for j in 0..<h {
            let y0 = Double(j) * sy
            let y1 = y0 + sy
            let first = Int(y0)
            let end = min(height, Int(y1.rounded(.up)))
            if band.count < (end - first) * rowLength {
                band = [Double](repeating: 0, count: (end - first) * rowLength)
            }
            band.withUnsafeMutableBufferPointer { b in
                for py in first..<end {
                    row(
                        py,
                        UnsafeMutableBufferPointer(
                            rebasing: b[((py - first) * rowLength)..<((py - first + 1) * rowLength)]))
                }
            }
            for i in 0..<w {
                let x0 = Double(i) * sx
                let x1 = x0 + sx
                for c in 0..<channels { sum[c] = 0 }
                var weight = 0.0
                for py in first..<end {
                    let wy = min(y1, Double(py + 1)) - max(y0, Double(py))
                    guard wy > 0 else { continue }
                    for px in Int(x0)..<min(width, Int(x1.rounded(.up))) {
                        let wx = min(x1, Double(px + 1)) - max(x0, Double(px))
                        guard wx > 0 else { continue }
                        let base = (py - first) * rowLength + px * channels
                        for c in 0..<channels { sum[c] += band[base + c] * wx * wy }
                        weight += wx * wy
                    }
                }
                for c in 0..<channels { out[(j * w + i) * channels + c] = weight > 0 ? sum[c] / weight : 1 }
            }
        }
        return (w, h, out)
    }
}
