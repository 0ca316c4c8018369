import AppCore
import XCTest

/// The main menu's recent sessions: newest first, only sessions that still exist, at most five,
/// never two identical lines.
final class RecentSessionsTests: XCTestCase {
    func testNewestExistingSessionsFirstWithDistinctLabels() {
        let files: [(path: String, modified: Double)] = [
            ("/a/run.nnviz", 10), ("/b/run.nnviz", 30), ("/a/photo.png", 50), ("/c/gone.nnviz", 40),
            ("/a/run.nnviz", 20), ("/d/spirals.NNVIZ", 5),
        ]
        let recent = RecentSessions(files, exists: { !$0.hasPrefix("/c/") })
        XCTAssertEqual(recent.items.map(\.path), ["/b/run.nnviz", "/a/run.nnviz", "/d/spirals.NNVIZ"])
        XCTAssertEqual(recent.items.map(\.label), ["run.nnviz — b", "run.nnviz — a", "spirals.NNVIZ"])
    }

    func testAtMostFive() {
        let files = (0..<9).map { (path: "/s/\($0).nnviz", modified: Double($0)) }
        let recent = RecentSessions(files, exists: { _ in true })
        XCTAssertEqual(recent.items.map(\.label), ["8.nnviz", "7.nnviz", "6.nnviz", "5.nnviz", "4.nnviz"])
        XCTAssertEqual(RecentSessions([], exists: { _ in true }).items, [])
    }
}
