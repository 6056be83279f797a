import Foundation
import HjemtagCore

/// Roles (issue: security). Enforced in one place by the web's access policy.
public enum Role: String, Sendable, Codable, CaseIterable {
    case administrator
    case okonomi = "oekonomi"
    case sagsbehandler
    case revisor

    public var danishName: String {
        switch self {
        case .administrator: return "administrator"
        case .okonomi: return "økonomi"
        case .sagsbehandler: return "sagsbehandler"
        case .revisor: return "revisor"
        }
    }

    /// Accepts `økonomi` as well as `oekonomi`.
    public init?(parsing text: String) {
        let key = ColumnName.normalise(text)
        guard let r = Role.allCases.first(where: { ColumnName.normalise($0.rawValue) == key || ColumnName.normalise($0.danishName) == key }) else {
            return nil
        }
        self = r
    }
}

/// The rule for a user name: 2-64 characters, letters (æ, ø, å too), digits and `. _ - @`,
/// starting with a letter or a digit. A name is what the audit log records for every look at a
/// person's data, so an empty name, spaces or a formula (`=HYPERLINK(...)`) are refused.
public enum UserName {
    public static func problem(_ name: String) -> String? {
        guard (2...64).contains(name.count) else { return "et brugernavn skal have 2-64 tegn" }
        guard let first = name.first, first.isLetter || first.isNumber else { return "et brugernavn skal begynde med et bogstav eller et tal" }
        let allowed = name.allSatisfy { $0.isLetter || $0.isNumber || "._-@".contains($0) }
        guard allowed, name.unicodeScalars.allSatisfy({ $0.isASCII || "æøåÆØÅäöüÄÖÜé".unicodeScalars.contains($0) }) else {
            return "et brugernavn må kun have bogstaver, tal og . _ - @"
        }
        return nil
    }
}

public struct User: Sendable, Codable, Hashable {
    public var id: Int
    public var username: String
    public var passwordHash: String
    public var role: Role
    /// Forvaltninger a sagsbehandler may see.
    public var departments: [String]
    public var active: Bool
    /// Where the daily digest goes; nil: no digest.
    public var email: String?

    public init(id: Int, username: String, passwordHash: String, role: Role, departments: [String], active: Bool, email: String? = nil) {
        self.email = email
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.departments = departments
        self.active = active
    }
}

/// Which lines of the audit log to read: about one citizen, by one user, between two days (by
/// the day of the line's UTC time, both included).
public struct AuditFilter: Sendable, Hashable {
    public var cpr: CPR?
    public var username: String?
    public var from: Day?
    public var to: Day?

    public init(cpr: CPR? = nil, username: String? = nil, from: Day? = nil, to: Day? = nil) {
        self.cpr = cpr
        self.username = username
        self.from = from
        self.to = to
    }
}

/// What an audit line records. The raw value is what the log stores and the auditor reads.
public enum AuditAction: String, Sendable, CaseIterable {
    case login
    case loginRefused = "login afvist"
    case loginDelayed = "login udsat"
    case logout
    case view = "vis"
    case change = "ret"
    case export = "eksport"
    case searchAuditLog = "søg i logning"
    case exportAuditLog = "eksport af logning"
    case importFile = "import"
    case importRefused = "import afvist"
    case importDuplicates = "import med dubletter"
    case computation = "beregning"
    case parameterEntered = "parameter indtastet"
    case parameterCorrected = "parameter rettet"
    case parameterWithdrawn = "parameter tilbagetrukket"
    case findingChanged = "fund ændret"
    case claimChanged = "krav ændret"
    case deletion = "sletning"
    case refused = "adgang nægtet"
    case setting = "indstilling"
    case userChanged = "bruger ændret"
    case backup
}

public struct AuditEntry: Sendable, Codable, Hashable {
    public var id: Int
    public var at: String
    public var username: String
    public var action: String
    public var cpr: String?
    public var page: String?
    public var purpose: String?

    public init(id: Int, at: String, username: String, action: String, cpr: String?, page: String?, purpose: String?) {
        self.id = id
        self.at = at
        self.username = username
        self.action = action
        self.cpr = cpr
        self.page = page
        self.purpose = purpose
    }
}

/// A change to a user; nil keeps what is there.
public struct UserChange: Sendable, Hashable {
    /// `.some(nil)` removes the address.
    public var email: String??
    public var active: Bool?
    public var passwordHash: String?

    public init(email: String?? = nil, active: Bool? = nil, passwordHash: String? = nil) {
        self.email = email
        self.active = active
        self.passwordHash = passwordHash
    }

    /// What the audit log says was changed (never the password itself).
    public var described: String {
        var parts: [String] = []
        if let email { parts.append("e-mail: \(email ?? "ingen")") }
        if let active { parts.append(active ? "aktiveret" : "deaktiveret") }
        if passwordHash != nil { parts.append("ny adgangskode") }
        return parts.joined(separator: ", ")
    }
}

/// An e-mail address as a user types it: one `@` with something on both sides, no spaces or
/// characters that would break a mail header.
public enum EmailAddress {
    public static func problem(_ text: String) -> String? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return "'\(text)' er ikke en e-mailadresse (fx navn@kommune.dk)"
        }
        guard !text.contains(where: { $0.isWhitespace || "<>,;:\"()[]\\".contains($0) || $0.asciiValue == nil }) else {
            return "e-mailadressen '\(text)' indeholder tegn, der ikke kan stå i en adresse"
        }
        return nil
    }
}

/// The rule for a password a person chooses, and the random one given when they do not.
public enum Password {
    public static let minimumLength = 12
    /// Bcrypt's cost for every stored password, wherever it is set (CLI, web, demo).
    public static let hashCost: UInt8 = 10

    /// 16 characters from an alphabet without look-alikes.
    public static func random() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }

    public static func problem(_ password: String) -> String? {
        password.count >= minimumLength ? nil : "adgangskoden skal have mindst \(minimumLength) tegn"
    }
}
