/// Danish display of counts and sizes: `1.234.567`, `92 MiB`. Shared by the CLI and the web.
public enum DanishFormat {
    public static func integer(_ n: Int) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out += "." }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A count with its noun in the right number: `1 række`, `2 rækker`, `1.234 rækker`.
    public static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(integer(n)) \(n == 1 || n == -1 ? singular : plural)"
    }

    /// An ISO timestamp from the store as `23.11.2026 14:05` (UTC).
    public static func timestamp(_ iso: String) -> String {
        guard let day = Day(parsing: String(iso.prefix(10))) else { return iso }
        let time = iso.count >= 16 ? String(iso.dropFirst(11).prefix(5)) : ""
        return day.danish + (time.isEmpty ? "" : " " + time)
    }

    /// Seconds with a decimal comma: `12,3 s` (`decimals` places).
    public static func seconds(_ t: Double, decimals: Int = 1) -> String {
        String(format: "%.\(decimals)f s", t).replacingOccurrences(of: ".", with: ",")
    }

    public static func bytes(_ n: Int) -> String {
        if n >= 1 << 20 { return "\(integer(n >> 20)) MiB" }
        if n >= 1 << 10 { return "\(integer(n >> 10)) KiB" }
        return "\(n) B"
    }
}
