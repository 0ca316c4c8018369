/// A question the window must ask before an intent that would discard trained work goes ahead.
/// The core keeps it pending; `AppCore.confirm()` carries the action out, `cancelConfirmation()`
/// drops it.
public struct Confirmation: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case reset
        case open(path: String)
        case quit
        case resume(epoch: Int, play: Bool)
    }

    public let action: Action
    public let title: String
    public let detail: String
    /// The label of the button that goes ahead.
    public let confirmLabel: String
}
