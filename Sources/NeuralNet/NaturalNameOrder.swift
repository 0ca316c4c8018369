/// Orders module names as a person reads them: runs of digits compare as numbers, so
/// `layers.2` comes before `layers.10` (plain string order would put `10` first).
public enum NaturalNameOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let x = runs(a)
        let y = runs(b)
        for (p, q) in zip(x, y) where p != q {
            switch (p, q) {
            case (.number(let m), .number(let n)): return m.count != n.count ? m.count < n.count : m < n
            case (.text(let s), .text(let t)): return s < t
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
        return x.count != y.count ? x.count < y.count : a < b
    }

    private enum Run: Equatable {
        /// Digits without leading zeros, so that comparing length then text compares the value at any size.
        case number(String)
        case text(String)
    }

    private static func runs(_ s: String) -> [Run] {
        var out: [Run] = []
        var current = ""
        var inDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            if inDigits {
                let trimmed = String(current.drop { $0 == "0" })
                out.append(.number(trimmed.isEmpty ? "0" : trimmed))
            } else {
                out.append(.text(current))
            }
            current = ""
        }
        for c in s {
            let digit = c.isASCII && c.isNumber
            if digit != inDigits {
                flush()
                inDigits = digit
            }
            current.append(c)
        }
        flush()
        return out
    }
}
