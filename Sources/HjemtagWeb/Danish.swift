import Foundation
import HjemtagCore

/// Danish display conventions for the web: `1.234.567`, `1.234,56 kr.`, `23.11.2026 14:05`.
enum Danish {
    static func integer(_ n: Int) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out += "." }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func bytes(_ n: Int) -> String {
        if n >= 1 << 20 { return "\(integer(n >> 20)) MiB" }
        if n >= 1 << 10 { return "\(integer(n >> 10)) KiB" }
        return "\(n) B"
    }

    /// An ISO timestamp from the store as `23.11.2026 14:05` (UTC).
    static func timestamp(_ iso: String) -> String {
        guard let day = Day(parsing: String(iso.prefix(10))) else { return iso }
        let time = iso.count >= 16 ? String(iso.dropFirst(11).prefix(5)) : ""
        return day.danish + (time.isEmpty ? "" : " " + time)
    }

    static func parameterValue(_ value: String, unit: ParameterUnit) -> String {
        switch unit {
        case .kroner: return (try? Money.parse(value))?.danishKroner ?? value
        case .percent: return value.replacingOccurrences(of: ".", with: ",") + " %"
        case .count: return value
        }
    }
}
