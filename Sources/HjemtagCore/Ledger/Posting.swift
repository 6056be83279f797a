import Foundation

/// One line of the municipality's ledger (the canonical `posteringer` file, docs/formats.md).
/// Expense positive, income or reimbursement negative.
public struct Posting: Sendable, Hashable {
    public var voucher: String?
    public var date: Day
    public var amount: Money
    public var function: AccountFunction
    public var dranst: String?
    public var art: String?
    public var cpr: CPR?
    /// Legal basis as OS2bos writes it (`SEL-52-3.7`, `BL-...`).
    public var paragraph: String?
    /// The service period the amount covers; nil for a one-off.
    public var period: DateRange?
    public var department: String?
    /// Betalingskommune: the municipality that finally pays; nil = the store's own municipality.
    public var payingMunicipality: Int?
    public var cvr: String?
    public var vat: Money?
    public var text: String?
    /// Columns the file carried beyond the canonical ones, kept as-is (name → value).
    public var extra: [String: String]
    /// The line of the source file the posting came from (0 when not from a file).
    public var line: Int

    /// An extra column by its normalised name (`Momskode` and `momskode` are one column).
    public func extra(named name: String) -> String? {
        if let v = extra[name] { return v }
        return extra.first { ColumnName.normalise($0.key) == name }?.value
    }

    public init(
        voucher: String? = nil, date: Day, amount: Money, function: AccountFunction, dranst: String? = nil,
        art: String? = nil, cpr: CPR? = nil, paragraph: String? = nil, period: DateRange? = nil,
        department: String? = nil, payingMunicipality: Int? = nil, cvr: String? = nil, vat: Money? = nil,
        text: String? = nil, extra: [String: String] = [:], line: Int = 0
    ) {
        self.voucher = voucher
        self.date = date
        self.amount = amount
        self.function = function
        self.dranst = dranst
        self.art = art
        self.cpr = cpr
        self.paragraph = paragraph
        self.period = period
        self.department = department
        self.payingMunicipality = payingMunicipality
        self.cvr = cvr
        self.vat = vat
        self.text = text
        self.extra = extra
        self.line = line
    }
}

/// A function of the municipal chart of accounts (kontoplan), e.g. `5.38.50`:
/// hovedkonto 5, hovedfunktion 38, funktion 50. Files write it `5.38.50` or `053850`.
public struct AccountFunction: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let main: Int
    public let group: Int
    public let function: Int

    public init(main: Int, group: Int, function: Int) {
        self.main = main
        self.group = group
        self.function = function
    }

    public init?(parsing raw: String) {
        if let exact = AccountFunction(canonicalUTF8: raw.utf8) {
            self = exact
            return
        }
        self.init(general: raw)
    }

    /// Every form `init(parsing:)` accepts, without the fast path (which must agree with it; tested).
    init?(general raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]),
            (0...9).contains(a), (0...99).contains(b), (0...99).contains(c), parts[1].count == 2, parts[2].count == 2
        {
            self.init(main: a, group: b, function: c)
        } else if parts.count == 1, text.allSatisfy(\.isASCIIDigit), text.count == 6 || text.count == 5 {
            let padded = text.count == 5 ? "0" + text : text
            let d = Array(padded.utf8).map { Int($0 - 48) }
            guard d[0] == 0 else { return nil }
            self.init(main: d[1], group: d[2] * 10 + d[3], function: d[4] * 10 + d[5])
        } else {
            return nil
        }
    }

    /// The two canonical forms, `5.38.50` and `053850`, from a field's bytes without an array;
    /// nil for anything else, which `init(parsing:)` reads or refuses.
    @inlinable
    public init?<Bytes: Collection<UInt8>>(canonicalUTF8 raw: Bytes) {
        var u: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0)
        var n = 0
        for b in raw {
            switch n {
            case 0: u.0 = b
            case 1: u.1 = b
            case 2: u.2 = b
            case 3: u.3 = b
            case 4: u.4 = b
            case 5: u.5 = b
            case 6: u.6 = b
            default: return nil
            }
            n += 1
        }
        @inline(__always) func d(_ b: UInt8) -> Int? { b >= 48 && b <= 57 ? Int(b - 48) : nil }
        if n == 7, u.1 == 46, u.4 == 46, let a = d(u.0), let b1 = d(u.2), let b2 = d(u.3), let c1 = d(u.5), let c2 = d(u.6) {
            self.init(main: a, group: b1 * 10 + b2, function: c1 * 10 + c2)
        } else if n == 6, u.0 == 48, let a = d(u.1), let b1 = d(u.2), let b2 = d(u.3), let c1 = d(u.4), let c2 = d(u.5) {
            self.init(main: a, group: b1 * 10 + b2, function: c1 * 10 + c2)
        } else {
            return nil
        }
    }

    /// `5.38.50`.
    public var description: String {
        guard (0...9).contains(main), (0...99).contains(group), (0...99).contains(function) else {
            return "\(main).\(zeroPad(group, 2)).\(zeroPad(function, 2))"
        }
        // The seven bytes written in place: the import writes one per posting, and interpolating
        // them was 5 % of its writer's time at 10 M postings.
        return String(unsafeUninitializedCapacity: 7) { b in
            b[0] = UInt8(48 + main)
            b[1] = 46
            b[2] = UInt8(48 + group / 10)
            b[3] = UInt8(48 + group % 10)
            b[4] = 46
            b[5] = UInt8(48 + function / 10)
            b[6] = UInt8(48 + function % 10)
            return 7
        }
    }
    public static func < (a: AccountFunction, b: AccountFunction) -> Bool {
        (a.main, a.group, a.function) < (b.main, b.group, b.function)
    }
}
