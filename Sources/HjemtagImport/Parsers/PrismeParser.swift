import Foundation
import HjemtagCore

/// KMD Prisme's G69 financial records, as OS2bos's nightly export writes them for its `CASH`
/// payments (`core.utils.format_prism_financial_record`, after KMD's GQ311001Q;
/// shared/formats/README.md § 4): a `Z300` preamble, one line per record, a `SLUTD<count>`
/// trailer. A G69 line is a fixed header (`000G69`, line number, org unit, `01NORFLYD`) followed by
/// `&<field><value>` in increasing field order: 110 posting date, 111 account, 112 amount in øre
/// (12 digits and a sign character), 113 debit/credit, 117 payment reference, 132/133 the
/// beneficiary's CPR (code `02`), 153 the posting text (OS2bos writes the payment plan's id).
/// G68 lines are the payment to the recipient of the same money: counted, never a second posting.
public enum PrismeParser {
    public static let kind = ImportKind.prisme

    public struct Outcome: Sendable {
        public var postings: [Posting] = []
        public var problems: [ImportProblem] = []
        public var skipped: [String: Int] = [:]
    }

    /// Whether a file's first line is a Prisme preamble (for the robot's inbox).
    public static func looksLikePrisme(_ firstLine: Substring) -> Bool { firstLine.hasPrefix("Z300") }

    public static func parse(text: String, file: String) -> Outcome {
        var out = Outcome()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last?.isEmpty == true { lines.removeLast() }
        func problem(_ line: Int, _ column: Int, _ reason: String) {
            out.problems.append(ImportProblem(file: file, line: line, column: column, reason: reason))
        }
        guard let first = lines.first, looksLikePrisme(first) else {
            problem(1, 1, "første linje skal være Prismes indledning 'Z300…' (fundet: '\(lines.first.map { String($0.prefix(20)) } ?? "")')")
            return out
        }
        guard lines.count >= 2, let trailer = lines.last, trailer.hasPrefix("SLUTD") else {
            problem(lines.count, 1, "sidste linje skal være Prismes afslutning 'SLUTD<antal>'; filen er måske ikke skrevet færdig")
            return out
        }
        let records = lines.count - 2
        if Int(trailer.dropFirst(5)) != records {
            problem(lines.count, 6, "afslutningen siger \(trailer.dropFirst(5)) poster, men filen har \(records)")
        }
        for (i, line) in lines.enumerated().dropFirst().dropLast() {
            let number = i + 1
            if line.hasPrefix("000G68") {
                out.skipped["betalingsposter (G68): samme penge som finansposten (G69)", default: 0] += 1
                continue
            }
            guard line.hasPrefix("000G69") else {
                problem(number, 1, "ukendt posttype '\(line.prefix(6))'; forventet 000G69 eller 000G68")
                continue
            }
            if let p = posting(line, line: number, file: file, problems: &out.problems) { out.postings.append(p) }
        }
        return out
    }

    /// The fields of a record with the column each value starts at.
    static func fields(_ line: Substring) -> [String: (value: Substring, column: Int)] {
        var out: [String: (Substring, Int)] = [:]
        guard let firstAmp = line.firstIndex(of: "&") else { return [:] }
        for part in line[firstAmp...].split(separator: "&") {
            guard part.count >= 3 else { continue }
            let number = String(part.prefix(3))
            let column = line.distance(from: line.startIndex, to: part.startIndex) + 4
            out[number] = (part.dropFirst(3), column)
        }
        return out
    }

    static func posting(_ line: Substring, line number: Int, file: String, problems: inout [ImportProblem]) -> Posting? {
        let f = fields(line)
        let before = problems.count
        func problem(_ field: String, _ reason: String) {
            problems.append(ImportProblem(file: file, line: number, column: f[field]?.column ?? 1, columnName: "felt \(field)", reason: reason))
        }
        func required(_ field: String) -> Substring? {
            guard let v = f[field]?.value, !v.isEmpty else {
                problem(field, "feltet mangler")
                return nil
            }
            return v
        }
        var date: Day?
        if let raw = required("110") {
            date = raw.count == 8 ? Day(parsing: "\(raw.prefix(4))-\(raw.dropFirst(4).prefix(2))-\(raw.suffix(2))") : nil
            if date == nil { problem("110", "'\(raw)' er ikke en dato ÅÅÅÅMMDD") }
        }
        var amount: Money?
        if let raw = required("112") {
            let digits = raw.prefix(12)
            let sign = raw.dropFirst(12)
            if digits.count == 12, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let ore = Int64(digits), ["", " ", "+", "-"].contains(sign) {
                amount = Money(ore: sign == "-" ? -ore : ore)
            } else {
                problem("112", "'\(raw)' er ikke et beløb i øre med 12 cifre og et fortegn")
            }
        }
        switch f["113"]?.value {
        case "D"?, nil: break
        case "K"?: amount = amount.map { Money(ore: -$0.ore) } // a credit lowers the expense
        case let other?: problem("113", "'\(other)' er hverken D (debet) eller K (kredit)")
        }
        var cpr: CPR?
        if let code = f["132"]?.value, code == "02", let raw = f["133"]?.value {
            cpr = try? CPR(parsing: String(raw))
            if cpr == nil { problem("133", "er ikke et CPR-nummer") }
        }
        guard problems.count == before, let date, let amount else { return nil }
        let account = f["111"].map { String($0.value) } ?? ""
        var extra: [String: String] = [:]
        if !account.isEmpty { extra["prisme_konto"] = account }
        return Posting(
            voucher: "prisme-" + String(f["117"]?.value ?? f["104"]?.value ?? "\(number)"), date: date, amount: amount,
            function: OS2bosPaymentParser.function(fromAccount: "-" + account) ?? OS2bosPaymentParser.unknownFunction,
            cpr: cpr, text: f["153"].map { String($0.value) }, extra: extra, line: number)
    }
}
