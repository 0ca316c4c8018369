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
        guard
            let (w, h, out) = AreaAverage.downsample(
                pixels, channels: 1, width: width, height: height, maxSide: maxSide)
        else { return self }
        return GreyImage(width: w, height: h, pixels: out)
    }
}
