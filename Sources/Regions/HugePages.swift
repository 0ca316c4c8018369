import Foundation

/// Asks the kernel for 2 MB pages under a large buffer (Linux transparent huge pages in
/// `madvise` mode). The value table and the mesh are read at random, a row or an edge here and
/// there: with 4 KB pages nearly every read also missed the TLB, and every first touch of 4 KB
/// was a page fault (slow on this kind of VM); one fault now maps 2 MB.
enum HugePages {
    /// Buffers smaller than this are left alone. A huge-page fault may make the kernel compact
    /// memory first (`defrag` is `madvise` on Debian); below 64 MB that cost more than the TLB
    /// misses it saved: random 128 × 6, median 244 → 209 ms in 12 alternating runs against
    /// advising from 4 MB, with trained 64 × 4 and 128 × 4, random 128 × 4, 64 × 8 and 256 × 4
    /// within ±6 %.
    static let minimumBytes = 64 << 20

    static func advise(_ base: UnsafeMutableRawPointer, bytes: Int) {
        guard bytes >= minimumBytes else { return }
        let page = 2 << 20
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(page - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
    }
}
