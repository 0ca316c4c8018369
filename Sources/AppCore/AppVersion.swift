/// nnviz's version: the one place `nnviz --version`, the About dialog, run folders' config.json
/// and the packages read it from (scripts/install and scripts/package-deb ask the built binary).
public enum AppVersion {
    public static let current = "0.4.0"
}
