extension Array {
    /// Keeps the first element, every second element of the older half and the newer half whole:
    /// applied whenever a bounded record fills up, density falls off geometrically with age.
    func thinningOlderHalf() -> [Element] {
        let half = count / 2
        guard half > 2 else { return self }
        var kept: [Element] = [self[0]]
        kept.reserveCapacity(count - half / 2 + 1)
        var i = 2
        while i < half {
            kept.append(self[i])
            i += 2
        }
        kept.append(contentsOf: self[half...])
        return kept
    }
}
