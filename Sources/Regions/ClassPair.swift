/// The two classes a piece of the decision boundary separates (`a < b`). With one output the
/// pair is always (0, 1): class 1 is the positive logit.
public struct ClassPair: Sendable, Equatable, Hashable, Comparable {
    public let a: Int
    public let b: Int

    /// The pair of `i` and `j` in either order (they must differ).
    public init(_ i: Int, _ j: Int) {
        precondition(i != j, "a class pair needs two different classes")
        a = min(i, j)
        b = max(i, j)
    }

    public static func < (l: ClassPair, r: ClassPair) -> Bool { l.a != r.a ? l.a < r.a : l.b < r.b }
}
