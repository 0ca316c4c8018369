import CGStreamer
import Foundation

/// Encodes frames into a WebM video (VP8) with GStreamer, the GNOME way: frames go into an
/// `appsrc`, then `videoconvert ! vp8enc ! webmmux ! filesink`. The file appears only when the
/// stream is complete (it is written under a temporary name in the same folder and renamed);
/// `cancel` or a failure leaves nothing behind.
public final class VideoEncoder {
    public let width: Int
    public let height: Int
    public let framesPerSecond: Int
    public private(set) var frameCount = 0
    private let url: URL
    private let temporary: URL
    private var pipeline: UnsafeMutablePointer<GstElement>?
    private var source: UnsafeMutablePointer<GstElement>?

    /// Starts a pipeline for `width × height` frames (even sizes: VP8 works on 2×2 blocks of
    /// colour) at `framesPerSecond`.
    public init(writing url: URL, width: Int, height: Int, framesPerSecond: Int) throws {
        guard url.pathExtension.lowercased() == "webm" else {
            throw VideoError("\(url.lastPathComponent): the video must be a .webm file")
        }
        guard width > 0, height > 0, width % 2 == 0, height % 2 == 0, framesPerSecond > 0 else {
            throw VideoError("a video needs even, positive frame sizes and a positive frame rate")
        }
        self.url = url
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        gst_init(nil, nil)
        for element in ["appsrc", "videoconvert", "vp8enc", "webmmux", "filesink"] {
            guard let factory = gst_element_factory_find(element) else {
                throw VideoError(
                    "GStreamer has no \(element) element: install gstreamer1.0-plugins-base and gstreamer1.0-plugins-good"
                )
            }
            gst_object_unref(UnsafeMutableRawPointer(factory))
        }
        // Quoted for GStreamer's parser: the location may hold spaces.
        let location = temporary.path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
            of: "\"", with: "\\\"")
        let description =
            "appsrc name=frames format=time block=true "
            + "caps=video/x-raw,format=BGRA,width=\(width),height=\(height),framerate=\(framesPerSecond)/1 "
            + "! videoconvert ! video/x-raw,format=I420 ! vp8enc deadline=1 target-bitrate=2000000 keyframe-max-dist=\(framesPerSecond) "
            + "! webmmux ! filesink location=\"\(location)\""
        var error: UnsafeMutablePointer<GError>?
        let made = gst_parse_launch(description, &error)
        if let error {
            let text = String(cString: error.pointee.message)
            g_error_free(error)
            if let made { gst_object_unref(UnsafeMutableRawPointer(made)) }
            throw VideoError("cannot build the video pipeline: \(text)")
        }
        guard let made else { throw VideoError("cannot build the video pipeline") }
        pipeline = made
        source = gst_bin_get_by_name(UnsafeMutableRawPointer(made).assumingMemoryBound(to: GstBin.self), "frames")
        guard source != nil, gst_element_set_state(made, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE else {
            cancel()
            throw VideoError("cannot start the video pipeline for \(url.lastPathComponent)")
        }
    }

    deinit { cancel() }

    /// Adds one frame: `bytes` in B, G, R, A order, rows `stride` bytes apart.
    public func append(bytes: [UInt8], stride: Int) throws {
        guard let source else { throw VideoError("the video is already finished") }
        guard stride >= 4 * width, bytes.count >= stride * height else {
            throw VideoError("a frame does not match the video's \(width)×\(height) size")
        }
        let rowBytes = 4 * width
        guard let buffer = gst_buffer_new_allocate(nil, gsize(rowBytes * height), nil) else {
            throw VideoError("out of memory for a video frame")
        }
        bytes.withUnsafeBufferPointer { b in
            for y in 0..<height {
                gst_buffer_fill(buffer, gsize(y * rowBytes), b.baseAddress! + y * stride, gsize(rowBytes))
            }
        }
        let nanos = GstClockTime(1_000_000_000)
        buffer.pointee.pts = GstClockTime(frameCount) * nanos / GstClockTime(framesPerSecond)
        buffer.pointee.duration = nanos / GstClockTime(framesPerSecond)
        // The source takes the buffer.
        let flow = gst_app_src_push_buffer(
            UnsafeMutableRawPointer(source).assumingMemoryBound(to: GstAppSrc.self), buffer)
        guard flow == GST_FLOW_OK else {
            throw VideoError(pipelineError() ?? "the encoder refused frame \(frameCount + 1)")
        }
        frameCount += 1
    }

    /// Ends the stream, waits for the encoder to write it out, and moves the file into place.
    public func finish() throws {
        guard let pipeline, let source else { throw VideoError("the video is already finished") }
        gst_app_src_end_of_stream(UnsafeMutableRawPointer(source).assumingMemoryBound(to: GstAppSrc.self))
        let bus = gst_element_get_bus(pipeline)
        defer { if let bus { gst_object_unref(UnsafeMutableRawPointer(bus)) } }
        let wanted = GstMessageType(GST_MESSAGE_EOS.rawValue | GST_MESSAGE_ERROR.rawValue)
        var failure: String?
        if let bus, let message = gst_bus_timed_pop_filtered(bus, GstClockTime.max, wanted) {
            if message.pointee.type == GST_MESSAGE_ERROR { failure = Self.describe(message) }
            gst_message_unref(message)
        } else {
            failure = "the encoder stopped without finishing the stream"
        }
        stopPipeline()
        if let failure {
            unlink(temporary.path)
            throw VideoError("cannot write \(url.lastPathComponent): \(failure)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw VideoError(
                "cannot move \(url.lastPathComponent) into place: \(String(cString: strerror(errno)))")
        }
    }

    /// Stops the pipeline and removes the unfinished file.
    public func cancel() {
        stopPipeline()
        unlink(temporary.path)
    }

    private func stopPipeline() {
        if let pipeline {
            gst_element_set_state(pipeline, GST_STATE_NULL)
            gst_object_unref(UnsafeMutableRawPointer(pipeline))
        }
        if let source { gst_object_unref(UnsafeMutableRawPointer(source)) }
        pipeline = nil
        source = nil
    }

    /// An error the pipeline posted, if any.
    private func pipelineError() -> String? {
        guard let pipeline, let bus = gst_element_get_bus(pipeline) else { return nil }
        defer { gst_object_unref(UnsafeMutableRawPointer(bus)) }
        guard let message = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR) else { return nil }
        defer { gst_message_unref(message) }
        return Self.describe(message)
    }

    private static func describe(_ message: UnsafeMutablePointer<GstMessage>) -> String {
        var error: UnsafeMutablePointer<GError>?
        var debug: UnsafeMutablePointer<gchar>?
        gst_message_parse_error(message, &error, &debug)
        defer {
            if let error { g_error_free(error) }
            g_free(debug)
        }
        return error.map { String(cString: $0.pointee.message) } ?? "an unknown GStreamer error"
    }
}
