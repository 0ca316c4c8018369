/// Why a video could not be made, in one line.
public struct VideoError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }

    /// The person stopped it; nothing was written.
    public static let cancelled = VideoError("the video was cancelled")
}
