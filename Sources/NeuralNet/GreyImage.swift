/// A grey-scale image, row-major from the top row, 0 = black … 1 = white.
public struct GreyImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [Double]

    public init(width: Int, height: Int, pixels: [Double]) {
        precondition(
            width > 0 && height > 0 && pixels.count == width * height, "grey image storage does not match its size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    @inline(__always) public subscript(x: Int, y: Int) -> Double { pixels[y * width + x] }

    /// Area-average downsampling so that the longer side is at most `maxSide` (no-op if already).
    public func downsampled(maxSide: Int) -> GreyImage {
        let side = max(width, height)
        guard maxSide > 0, side > maxSide else { return self }
        let scale = Double(side) / Double(maxSide)
        let w = max(1, Int((Double(width) / scale).rounded()))
        let h = max(1, Int((Double(height) / scale).rounded()))
        var out = [Double](repeating: 0, count: w * h)
        let sx = Double(width) / Double(w)
        let sy = Double(height) / Double(h)
        for j in 0..<h {
            let y0 = Double(j) * sy
            let y1 = y0 + sy
            for i in 0..<w {
                let x0 = Double(i) * sx
                let x1 = x0 + sx
                var sum = 0.0
                var weight = 0.0
                for py in Int(y0)..<min(height, Int(y1.rounded(.up))) {
                    let wy = min(y1, Double(py + 1)) - max(y0, Double(py))
                    guard wy > 0 else { continue }
                    for px in Int(x0)..<min(width, Int(x1.rounded(.up))) {
                        let wx = min(x1, Double(px + 1)) - max(x0, Double(px))
                        guard wx > 0 else { continue }
                        sum += pixels[py * width + px] * wx * wy
                        weight += wx * wy
                    }
                }
                out[j * w + i] = weight > 0 ? sum / weight : 1
            }
        }
        return GreyImage(width: w, height: h, pixels: out)
    }
}

/// A binary "dark pixel" dataset: one point per pixel centre, label 1 where the pixel is dark.
public struct Dataset: Sendable {
    public let image: GreyImage
    public let domain: Domain
    /// Pixel centres, interleaved x, y, in image order (top row first), y pointing up.
    public let points: [Float]
    public let labels: [Float]
    public let threshold: Double
    public let inverted: Bool

    public var count: Int { labels.count }
    public var positives: Int { labels.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) } }

    /// The domain in which the image's long side spans [-1, 1] and the aspect ratio is kept.
    public static func defaultDomain(width: Int, height: Int) -> Domain {
        let s = Double(max(width, height))
        return Domain(x0: -Double(width) / s, x1: Double(width) / s, y0: -Double(height) / s, y1: Double(height) / s)
    }

    /// darkness = 1 − grey; label = 1 where darkness > threshold (flipped by `invert`).
    public init(image: GreyImage, threshold: Double = 0.5, invert: Bool = false, domain: Domain? = nil) {
        self.image = image
        self.threshold = threshold
        self.inverted = invert
        let d = domain ?? Self.defaultDomain(width: image.width, height: image.height)
        self.domain = d
        var pts = [Float](repeating: 0, count: 2 * image.width * image.height)
        var lab = [Float](repeating: 0, count: image.width * image.height)
        for j in 0..<image.height {
            for i in 0..<image.width {
                let p = j * image.width + i
                let c = Self.pixelCentre(i, j, image.width, image.height, d)
                pts[2 * p] = Float(c.x)
                pts[2 * p + 1] = Float(c.y)
                let dark = 1 - image.pixels[p] > threshold
                lab[p] = (dark != invert) ? 1 : 0
            }
        }
        points = pts
        labels = lab
    }

    /// Centre of pixel (i, j) (column, row from the top) in domain coordinates, y up.
    public static func pixelCentre(_ i: Int, _ j: Int, _ w: Int, _ h: Int, _ d: Domain) -> (x: Double, y: Double) {
        (d.x0 + (Double(i) + 0.5) / Double(w) * d.width, d.y1 - (Double(j) + 0.5) / Double(h) * d.height)
    }
}
