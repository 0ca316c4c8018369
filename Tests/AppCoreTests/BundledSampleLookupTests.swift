import AppCore
import Foundation
import XCTest

/// Where the sample is looked for: $NNVIZ_DATA first, then beside the binary (the build folder's
/// resource bundle, an install prefix's share folder) — never through SwiftPM's `Bundle.module`,
/// which stops the program when its bundle is missing.
final class BundledSampleLookupTests: XCTestCase {
    func testNNVizDataComesFirst() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-data-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try XCTUnwrap(BundledSample.path)
        let copy = folder.appendingPathComponent(BundledSample.fileName)
        try FileManager.default.copyItem(atPath: original, toPath: copy.path)
        setenv("NNVIZ_DATA", folder.path, 1)
        defer { unsetenv("NNVIZ_DATA") }
        XCTAssertEqual(BundledSample.path, copy.standardized.path)
    }

    func testAnInstallPrefixShareFolderIsSearched() {
        let folders = BundledSample.searchFolders.map { $0.standardized.path }
        XCTAssertTrue(folders.contains { $0.hasSuffix("/share/nnviz/samples") }, "\(folders)")
        XCTAssertTrue(folders.contains { $0.hasSuffix("/nnviz_AppCore.resources/Samples") }, "\(folders)")
    }
}
