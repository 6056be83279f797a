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

    public init(voucher: String? = nil, date: Day, amount: Money, function: AccountFunction, dranst: String? = nil,
                art: String? = nil, cpr: CPR? = nil, paragraph: String? = nil, period: DateRange? = nil,
                department: String? = nil, payingMunicipality: Int? = nil, cvr: String? = nil, vat: Money? = nil,
                text: String? = nil, extra: [String: String] = [:], line: Int = 0) {
        self.voucher = voucher; self.date = date; self.amount = amount; self.function = function
        self.dranst = dranst; self.art = art; self.cpr = cpr; self.paragraph = paragraph; self.period = period
        self.department = department; self.payingMunicipality = payingMunicipality; self.cvr = cvr
        self.vat = vat; self.text = text; self.extra = extra; self.line = line
    }
}

/// A function of the municipal chart of accounts (kontoplan), e.g. `5.38.50`:
/// hovedkonto 5, hovedfunktion 38, funktion 50. Files write it `5.38.50` or `053850`.
public struct AccountFunction: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let main: Int
    public let group: Int
    public let function: Int

    public init(main: Int, group: Int, function: Int) {
        self.main = main; self.group = group; self.function = function
    }

    public init?(parsing raw: String) {
        // Fast paths for the two canonical forms, `5.38.50` and `053850`.
        let u = Array(raw.utf8)
        @inline(__always) func d(_ i: Int) -> Int? { u[i] >= 48 && u[i] <= 57 ? Int(u[i] - 48) : nil }
        if u.count == 7, u[1] == 46, u[4] == 46, let a = d(0), let b1 = d(2), let b2 = d(3), let c1 = d(5), let c2 = d(6) {
            self.init(main: a, group: b1 * 10 + b2, function: c1 * 10 + c2); return
        }
        if u.count == 6, u[0] == 48, let a = d(1), let b1 = d(2), let b2 = d(3), let c1 = d(4), let c2 = d(5) {
            self.init(main: a, group: b1 * 10 + b2, function: c1 * 10 + c2); return
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]),
           (0...9).contains(a), (0...99).contains(b), (0...99).contains(c), parts[1].count == 2, parts[2].count == 2 {
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

    /// `5.38.50`.
    public var description: String { "\(main).\(zeroPad(group, 2)).\(zeroPad(function, 2))" }
    public static func < (a: AccountFunction, b: AccountFunction) -> Bool {
        (a.main, a.group, a.function) < (b.main, b.group, b.function)
    }
}
