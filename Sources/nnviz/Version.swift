/// nnviz's version: the one place `nnviz --version`, run folders' config.json and the packages
/// read it from (scripts/install and scripts/package-deb ask the built binary).
enum Version {
    static let current = "0.2.0"
}
