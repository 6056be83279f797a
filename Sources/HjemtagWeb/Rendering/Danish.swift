import Foundation
import HjemtagCore

/// Danish display conventions for the web: `1.234.567`, `1.234,56 kr.`, `23.11.2026 14:05`.
enum Danish {
    static func integer(_ n: Int) -> String { DanishFormat.integer(n) }
    static func bytes(_ n: Int) -> String { DanishFormat.bytes(n) }

    /// An ISO timestamp from the store as `23.11.2026 14:05` (UTC).
    static func timestamp(_ iso: String) -> String { DanishFormat.timestamp(iso) }

}
