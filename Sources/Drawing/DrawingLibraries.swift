import CGtk

/// Versions of the C libraries behind the drawing, for run records.
public enum DrawingLibraries {
    public static var cairoVersion: String { String(cString: cairo_version_string()) }
    public static var pixbufVersion: String { GDK_PIXBUF_VERSION }
}
