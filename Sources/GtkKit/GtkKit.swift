import CGtk
import CShim
import Foundation

// Thin, generic glue between Swift and GTK's C API: pointer casts, closures as signal handlers,
// and hops onto the GLib main loop. Nothing here knows about nnviz.

/// Any typed or opaque pointer as a `gpointer`.
@inline(__always) public func gptr<T>(_ p: UnsafeMutablePointer<T>) -> gpointer { UnsafeMutableRawPointer(p) }
@inline(__always) public func gptr(_ p: OpaquePointer) -> gpointer { UnsafeMutableRawPointer(p) }

/// Reinterprets a widget (or any GObject) pointer as another GTK type.
@inline(__always) public func cast<T>(_ p: UnsafeMutablePointer<some Any>) -> UnsafeMutablePointer<T> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: T.self)
}
@inline(__always) public func cast<T>(_ p: OpaquePointer) -> UnsafeMutablePointer<T> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: T.self)
}
@inline(__always) public func opaque(_ p: UnsafeMutablePointer<some Any>) -> OpaquePointer { OpaquePointer(p) }

public typealias Widget = UnsafeMutablePointer<GtkWidget>

/// Boxes a closure so GLib can own it (released by the destroy notify).
final class ClosureBox<F> {
    let f: F
    init(_ f: F) { self.f = f }
}

private let releaseBox: GClosureNotify = { data, _ in
    if let data { Unmanaged<AnyObject>.fromOpaque(data).release() }
}

private let destroyBox: GDestroyNotify = { data in
    if let data { Unmanaged<AnyObject>.fromOpaque(data).release() }
}

/// Signal connections with Swift closures. GLib calls handlers on the main thread running the
/// loop, so the handlers are main-actor isolated and entered with `assumeIsolated`.
@MainActor
public enum Signal {
    @discardableResult
    public static func connect(_ object: gpointer, _ name: String, _ handler: @escaping @MainActor () -> Void) -> UInt {
        let box = ClosureBox<@MainActor () -> Void>(handler)
        let cb: @convention(c) (gpointer?, gpointer?) -> Void = { _, data in
            let b = Unmanaged<ClosureBox<@MainActor () -> Void>>.fromOpaque(data!).takeUnretainedValue()
            MainActor.assumeIsolated { b.f() }
        }
        return g_signal_connect_data(
            object, name, unsafeBitCast(cb, to: GCallback.self),
            Unmanaged.passRetained(box).toOpaque(), releaseBox, GConnectFlags(0))
    }

    /// (object, x, y) signals: motion, pressed, released, drag-begin/update/end, scroll (dx, dy).
    @discardableResult
    public static func connectXY(
        _ object: gpointer, _ name: String, _ handler: @escaping @MainActor (Double, Double) -> Void
    ) -> UInt {
        let box = ClosureBox<@MainActor (Double, Double) -> Void>(handler)
        let cb: @convention(c) (gpointer?, Double, Double, gpointer?) -> Void = { _, x, y, data in
            let b = Unmanaged<ClosureBox<@MainActor (Double, Double) -> Void>>.fromOpaque(data!).takeUnretainedValue()
            MainActor.assumeIsolated { b.f(x, y) }
        }
        return g_signal_connect_data(
            object, name, unsafeBitCast(cb, to: GCallback.self),
            Unmanaged.passRetained(box).toOpaque(), releaseBox, GConnectFlags(0))
    }

    /// GtkGestureClick "pressed"/"released": (n_press, x, y).
    @discardableResult
    public static func connectClick(
        _ object: gpointer, _ name: String, _ handler: @escaping @MainActor (Int32, Double, Double) -> Void
    ) -> UInt {
        let box = ClosureBox<@MainActor (Int32, Double, Double) -> Void>(handler)
        let cb: @convention(c) (gpointer?, Int32, Double, Double, gpointer?) -> Void = { _, n, x, y, data in
            let b = Unmanaged<ClosureBox<@MainActor (Int32, Double, Double) -> Void>>.fromOpaque(data!)
                .takeUnretainedValue()
            MainActor.assumeIsolated { b.f(n, x, y) }
        }
        return g_signal_connect_data(
            object, name, unsafeBitCast(cb, to: GCallback.self),
            Unmanaged.passRetained(box).toOpaque(), releaseBox, GConnectFlags(0))
    }

    /// GtkEventControllerScroll "scroll": (dx, dy) → handled.
    @discardableResult
    public static func connectScroll(
        _ object: gpointer, _ handler: @escaping @MainActor (Double, Double) -> Bool
    ) -> UInt {
        let box = ClosureBox<@MainActor (Double, Double) -> Bool>(handler)
        let cb: @convention(c) (gpointer?, Double, Double, gpointer?) -> gboolean = { _, dx, dy, data in
            let b = Unmanaged<ClosureBox<@MainActor (Double, Double) -> Bool>>.fromOpaque(data!).takeUnretainedValue()
            return MainActor.assumeIsolated { b.f(dx, dy) } ? 1 : 0
        }
        return g_signal_connect_data(
            object, "scroll", unsafeBitCast(cb, to: GCallback.self),
            Unmanaged.passRetained(box).toOpaque(), releaseBox, GConnectFlags(0))
    }

    /// GtkEventControllerKey "key-pressed": (keyval, state) → handled.
    @discardableResult
    public static func connectKey(
        _ object: gpointer, _ handler: @escaping @MainActor (UInt32, GdkModifierType) -> Bool
    ) -> UInt {
        let box = ClosureBox<@MainActor (UInt32, GdkModifierType) -> Bool>(handler)
        let cb: @convention(c) (gpointer?, UInt32, UInt32, GdkModifierType, gpointer?) -> gboolean = {
            _, keyval, _, state, data in
            let b = Unmanaged<ClosureBox<@MainActor (UInt32, GdkModifierType) -> Bool>>.fromOpaque(data!)
                .takeUnretainedValue()
            return MainActor.assumeIsolated { b.f(keyval, state) } ? 1 : 0
        }
        return g_signal_connect_data(
            object, "key-pressed", unsafeBitCast(cb, to: GCallback.self),
            Unmanaged.passRetained(box).toOpaque(), releaseBox, GConnectFlags(0))
    }

    /// GtkNativeDialog "response": (response id).
    @discardableResult
    public static func connectResponse(_ object: gpointer, _ handler: @escaping @MainActor (Int32) -> Void) -> UInt {
        let box = ClosureBox<@MainActor (Int32) -> Void>(handler)
        let cb: @convention(c) (gpointer?, Int32, gpointer?) -> Void = { _, r, data in
            let b = Unmanaged<ClosureBox<@MainActor (Int32) -> Void>>.fromOpaque(data!).takeUnretainedValue()
            MainActor.assumeIsolated { b.f(r) }
        }
        return g_signal_connect_data(
            object, "response", unsafeBitCast(cb, to: GCallback.self),
            Unmanaged.passRetained(box).toOpaque(), releaseBox, GConnectFlags(0))
    }

    /// GtkDropTarget "drop": (GValue*, x, y) → accepted.
    @discardableResult
    public static func connectDrop(
        _ object: gpointer, _ handler: @escaping @MainActor (UnsafePointer<GValue>) -> Bool
    ) -> UInt {
        let box = ClosureBox<@MainActor (UnsafePointer<GValue>) -> Bool>(handler)
        let cb: @convention(c) (gpointer?, UnsafePointer<GValue>?, Double, Double, gpointer?) -> gboolean = {
            _, value, _, _, data in
            let b = Unmanaged<ClosureBox<@MainActor (UnsafePointer<GValue>) -> Bool>>.fromOpaque(data!)
                .takeUnretainedValue()
            guard let value else { return 0 }
            return MainActor.assumeIsolated { b.f(value) } ? 1 : 0
        }
        return g_signal_connect_data(
            object, "drop", unsafeBitCast(cb, to: GCallback.self),
            Unmanaged.passRetained(box).toOpaque(), releaseBox, GConnectFlags(0))
    }
}

/// A drawing area whose draw function is a Swift closure (cairo_t, width, height).
@MainActor
public func setDrawFunction(_ area: Widget, _ draw: @escaping @MainActor (OpaquePointer, Int32, Int32) -> Void) {
    let box = ClosureBox<@MainActor (OpaquePointer, Int32, Int32) -> Void>(draw)
    let cb: GtkDrawingAreaDrawFunc = { _, cr, w, h, data in
        let b = Unmanaged<ClosureBox<@MainActor (OpaquePointer, Int32, Int32) -> Void>>.fromOpaque(data!)
            .takeUnretainedValue()
        MainActor.assumeIsolated { b.f(cr!, w, h) }
    }
    gtk_drawing_area_set_draw_func(cast(area), cb, Unmanaged.passRetained(box).toOpaque(), destroyBox)
}

/// Closures handed from any thread to the main loop. GLib's idle queue orders the hand-off, but
/// GLib is invisible to ThreadSanitizer; passing the closures through this lock-guarded queue (and
/// only a wake-up through GLib) makes the ordering explicit to it and to readers.
private enum MainQueue {
    nonisolated(unsafe) static var pending: [@MainActor @Sendable () -> Void] = []
    static let lock = NSLock()

    static func push(_ f: @escaping @MainActor @Sendable () -> Void) {
        lock.lock()
        pending.append(f)
        lock.unlock()
    }

    static func drain() -> [@MainActor @Sendable () -> Void] {
        lock.lock()
        defer {
            pending.removeAll()
            lock.unlock()
        }
        return pending
    }
}

/// Runs `f` on the GLib main loop (thread-safe; Swift's main actor executor does not run under
/// GLib's loop, so this is how worker threads reach the UI).
public func runOnMain(_ f: @escaping @MainActor @Sendable () -> Void) {
    MainQueue.push(f)
    let wake: GSourceFunc = { _ in
        let work = MainQueue.drain()
        MainActor.assumeIsolated { for f in work { f() } }
        return 0  // G_SOURCE_REMOVE
    }
    g_idle_add_full(G_PRIORITY_DEFAULT_IDLE, wake, nil, nil)
}

/// Calls `f` every `milliseconds` on the main loop until it returns false. `priority` defaults to
/// G_PRIORITY_DEFAULT; pollers that must not delay redraws pass a lower one (a larger number).
@MainActor
public func every(milliseconds: UInt32, priority: Int32 = G_PRIORITY_DEFAULT, _ f: @escaping @MainActor () -> Bool) {
    let box = ClosureBox<@MainActor () -> Bool>(f)
    let cb: GSourceFunc = { data in
        let b = Unmanaged<ClosureBox<@MainActor () -> Bool>>.fromOpaque(data!).takeUnretainedValue()
        return MainActor.assumeIsolated { b.f() } ? 1 : 0
    }
    g_timeout_add_full(priority, milliseconds, cb, Unmanaged.passRetained(box).toOpaque(), destroyBox)
}

/// Line-buffered stdout for logs read by test scripts.
public func lineBufferStdout() { nnviz_line_buffer_stdout() }
