import Foundation

/// An axis-aligned rectangle of the input plane, `[x0, x1] × [y0, y1]`.
public struct Domain: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var x0, x1, y0, y1: Double

    public init(x0: Double, x1: Double, y0: Double, y1: Double) {
        self.x0 = x0
        self.x1 = x1
        self.y0 = y0
        self.y1 = y1
    }

    public static let unitSquare = Domain(x0: -1, x1: 1, y0: -1, y1: 1)

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public var area: Double { width * height }
    public var isValid: Bool {
        [x0, x1, y0, y1].allSatisfy(\.isFinite) && x1 > x0 && y1 > y0 && area.isFinite && area > 0
    }

    /// Parses `"x0,x1,y0,y1"`, the form used in model metadata.
    public init?(metadata: String) {
        let parts = metadata.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let a = parts[0], let b = parts[1], let c = parts[2], let d = parts[3] else {
            return nil
        }
        self.init(x0: a, x1: b, y0: c, y1: d)
        guard isValid else { return nil }
    }

    public var metadataString: String { "\(x0),\(x1),\(y0),\(y1)" }
    public var description: String { "[\(x0), \(x1)] × [\(y0), \(y1)]" }
}
