/// Why an image cannot make the dataset a task asks for, in one line.
public struct DatasetError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
