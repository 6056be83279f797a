/// The program's version: the CLI's `--version`, and what an auditor's evidence pack records.
public enum HjemtagVersion {
    public static let current = "0.1.0"
}
