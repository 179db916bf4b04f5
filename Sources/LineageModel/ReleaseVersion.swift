/// The version of this project's programs (`glaas --version`, `roar --version`, and the roar
/// version recorded in each job's metadata): one number for the whole package.
public enum ReleaseVersion {
    public static let current = "0.1.0"
}
