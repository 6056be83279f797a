import Foundation

/// Normalises names for matching: file headers (`Beløb`, `periode fra`, `PERIODE_FRA`) and
/// municipality names, case- and accent-insensitively, with Danish letters spelt out the way
/// Danish systems write them in ASCII (æ→ae, ø→oe, å→aa).
public enum ColumnName {
    public static func normalise(_ raw: String) -> String {
        var out = ""
        out.reserveCapacity(raw.count)
        for ch in raw.lowercased() {
            switch ch {
            case "æ": out += "ae"
            case "ø": out += "oe"
            case "å": out += "aa"
            case " ", "-", ".", "/": out += "_"
            default:
                let folded = String(ch).folding(options: [.diacriticInsensitive], locale: nil)
                out += folded
            }
        }
        // Collapse runs of underscores and trim them, so `Periode - fra` matches `periode_fra`.
        let collapsed = out.split(separator: "_", omittingEmptySubsequences: true).joined(separator: "_")
        return collapsed.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
