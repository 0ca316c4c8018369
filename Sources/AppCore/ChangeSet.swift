/// What an intent or a finished background result changed, so the window redraws only that.
public struct ChangeSet: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The training settings the controls show (or what is pending).
    public static let settings = ChangeSet(rawValue: 1 << 0)
    /// The network on screen (live, scrubbed or loaded).
    public static let network = ChangeSet(rawValue: 1 << 1)
    /// A new exact partition (or a message instead of one).
    public static let partition = ChangeSet(rawValue: 1 << 2)
    /// The hovered point, region or neuron, or the pin.
    public static let hover = ChangeSet(rawValue: 1 << 3)
    /// Zoom box, colour mode, overlays, the 3-D camera.
    public static let view = ChangeSet(rawValue: 1 << 4)
    /// Play state, epoch, history (curves and status line).
    public static let training = ChangeSet(rawValue: 1 << 5)
    /// Timeline entries or the scrubbed position.
    public static let timeline = ChangeSet(rawValue: 1 << 6)
    /// The banner message or a notice.
    public static let message = ChangeSet(rawValue: 1 << 7)
    /// A question waits for the user (or was answered).
    public static let confirmation = ChangeSet(rawValue: 1 << 8)
    /// The image or model file (title, underlay).
    public static let document = ChangeSet(rawValue: 1 << 9)
    /// The user confirmed quitting.
    public static let quit = ChangeSet(rawValue: 1 << 10)
    /// A many-input model waits for points, or its plane (points, anchors) changed.
    public static let plane = ChangeSet(rawValue: 1 << 11)
    /// The line of the 1-D slice view: its points were set or cleared.
    public static let line = ChangeSet(rawValue: 1 << 12)
}
