import CGtk
import Foundation
import NeuralNet

/// Why an image could not become a dataset.
public struct ImageError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}

/// Loads any image gdk-pixbuf can decode (PNG, JPEG, GIF — first frame, BMP, TIFF, WebP where a
/// loader is installed) and composites alpha on white: in colour, and in grey with the Rec. 601
/// luma weights Pillow's `convert("L")` uses.
public enum ImageLoader {
    /// Larger images are refused before decoding: 100 megapixels is ~400 MB decoded.
    public static let maxPixels = 100_000_000
    public static let maxSide = 30_000

    /// The grey picture (the colour picture's grey, downsampled the same way).
    public static func load(
        _ url: URL, maxSide downsample: Int? = nil, maxPixels limit: Int = maxPixels
    ) throws
        -> GreyImage
    {
        try loadColor(url, maxSide: downsample, maxPixels: limit).grey
    }

    /// The picture in colour, with its grey beside it.
    /// `limit` lowers the pixel limit (the fuzzer's, whose sanitised build decodes slowly).
    public static func loadColor(
        _ url: URL, maxSide downsample: Int? = nil, maxPixels limit: Int = maxPixels
    )
        throws -> ColorImage
    {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImageError("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw ImageError("\(path): is a folder, not an image") }
        // Read the size from the header first, so a 100 000 × 100 000 "image" is never decoded.
        var w: Int32 = 0
        var h: Int32 = 0
        guard gdk_pixbuf_get_file_info(path, &w, &h) != nil else {
            throw ImageError("\(path): not an image gdk-pixbuf can read (unknown format or corrupt header)")
        }
        guard w > 0, h > 0 else { throw ImageError("\(path): the image has no pixels (\(w)×\(h))") }
        guard Int(w) <= maxSide, Int(h) <= maxSide, Int(w) * Int(h) <= limit else {
            throw ImageError(
                "\(path): \(w)×\(h) pixels is beyond nnviz's limit of \(limit / 1_000_000) megapixels (\(maxSide) per side)"
            )
        }
        var error: UnsafeMutablePointer<GError>? = nil
        guard let pixbuf = gdk_pixbuf_new_from_file(path, &error) else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            g_clear_error(&error)
            throw ImageError("\(path): cannot decode the image (\(reason))")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(pixbuf)) }
        return try colorImage(pixbuf, name: path, maxSide: downsample)
    }

    /// Grey is computed from the colour before compositing (alpha · luma + 1 − alpha), as nnviz
    /// always has, so that binary datasets keep their exact values. A picture to be downsampled is
    /// converted a few rows at a time (a 24-megapixel photo would be ~770 MB as Doubles).
    static func colorImage(_ pixbuf: OpaquePointer, name: String, maxSide: Int? = nil) throws -> ColorImage {
        let width = Int(gdk_pixbuf_get_width(pixbuf))
        let height = Int(gdk_pixbuf_get_height(pixbuf))
        let channels = Int(gdk_pixbuf_get_n_channels(pixbuf))
        let stride = Int(gdk_pixbuf_get_rowstride(pixbuf))
        let hasAlpha = gdk_pixbuf_get_has_alpha(pixbuf) != 0
        guard gdk_pixbuf_get_bits_per_sample(pixbuf) == 8, channels >= 3,
            let base = gdk_pixbuf_read_pixels(pixbuf)
        else {
            throw ImageError("\(name): unsupported pixel layout")
        }
        // Row y as r, g, b, grey per pixel, composited on white.
        let convert: (Int, UnsafeMutableBufferPointer<Double>) -> Void = { y, out in
            let row = base + y * stride
            for x in 0..<width {
                let p = row + x * channels
                let r = Double(p[0]) / 255
                let g = Double(p[1]) / 255
                let b = Double(p[2]) / 255
                let luma = 0.299 * r + 0.587 * g + 0.114 * b
                let alpha = hasAlpha && channels >= 4 ? Double(p[3]) / 255 : 1
                out[4 * x] = alpha * r + (1 - alpha)
                out[4 * x + 1] = alpha * g + (1 - alpha)
                out[4 * x + 2] = alpha * b + (1 - alpha)
                out[4 * x + 3] = alpha * luma + (1 - alpha)
            }
        }
        if let maxSide, maxSide > 0,
            let small = ColorImage.areaAveraged(width: width, height: height, maxSide: maxSide, row: convert)
        {
            return small
        }
        var pixels = [Double](repeating: 1, count: width * height)
        var rgb = [Double](repeating: 1, count: 3 * width * height)
        var line = [Double](repeating: 0, count: 4 * width)
        for y in 0..<height {
            line.withUnsafeMutableBufferPointer { convert(y, $0) }
            for x in 0..<width {
                let i = y * width + x
                rgb[3 * i] = line[4 * x]
                rgb[3 * i + 1] = line[4 * x + 1]
                rgb[3 * i + 2] = line[4 * x + 2]
                pixels[i] = line[4 * x + 3]
            }
        }
        return ColorImage(
            width: width, height: height, rgb: rgb, grey: GreyImage(width: width, height: height, pixels: pixels))
    }
}
