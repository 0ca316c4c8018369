/// Why a session file cannot be opened, in one line.
public struct SessionError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
