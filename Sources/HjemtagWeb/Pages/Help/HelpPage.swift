import HjemtagCore
import HjemtagImport
import Hummingbird

struct HelpContent: PageContent {
    static let template = Template.help
    struct File: Sendable { let kind: String, source: String, required: String, optional: String, templateHref: String? }
    struct Code: Sendable { let code: String, text: String, source: String? }
    struct Section: Sendable {
        let id: String, title: String, law: String, what: String, pageHref: String
        let files: [File], rules: [Code], findings: [Code]
        // Stored, not computed: templates read stored properties.
        let hasRules: Bool, hasFindings: Bool
    }
    var sections: [Section]
}

/// The help inside the application: per scheme what it is, the files it reads with their
/// columns and a template, its rule codes and the kinds of finding it makes. Everything is read
/// from the code that applies it (the rule enums, the finding kinds, the parsers' columns).
struct HelpPage: Sendable {
    func page() -> Page {
        let sections = Scheme.allCases.map { s in
            let (rules, findings) = (Self.rules(s), Self.findings(s))
            return HelpContent.Section(
                id: s.rawValue, title: s.title, law: s.law, what: SchemeGuide.what(s), pageHref: Route.page(of: s).path(),
                files: SchemeGuide.files(s).map(Self.file), rules: rules, findings: findings, hasRules: !rules.isEmpty,
                hasFindings: !findings.isEmpty)
        }
        return Page("Hjælp", section: .help, HelpContent(sections: sections))
    }

    static func file(_ kind: ImportKind) -> HelpContent.File {
        .init(
            kind: kind.rawValue, source: SchemeGuide.source(kind),
            required: kind.isFixedRecord
                ? "faste poster uden overskrift: Z300 …, 000G69 …, SLUTD<antal>"
                : kind == .yrNotice
                    ? "kolonnerne er ikke offentlige: filen gemmes og vises som advisering" : kind.requiredColumns.joined(separator: ", "),
            optional: kind.optionalColumns.joined(separator: ", "), templateHref: kind.hasColumns ? templateHref(kind) : nil)
    }

    static func templateHref(_ kind: ImportKind) -> String { Paging.link(Route.importTemplate.path(), ["type": kind.rawValue]) }

    /// The rule codes of the decision tables in docs/rules: those the code names by enum with
    /// their text and source, and the table's other rows as the rule document states them.
    static func rules(_ scheme: Scheme) -> [HelpContent.Code] {
        switch scheme {
        case .intermunicipal:
            return PayerRule.allCases.map { .init(code: $0.rawValue, text: $0.danishText, source: $0.source) } + [
                .init(code: "R10", text: "førtidspension: refusionen af pensionen i de perioder, reglen for førtidspension giver", source: nil),
                .init(
                    code: "R11",
                    text:
                        "beløb: kravet er posteringerne på borgeren i opholdet i de kategorier, der kan kræves, netto; en postering over en periodegrænse deles efter dage",
                    source: nil),
                .init(
                    code: "R12", text: "frist: første dag i hjælpen + 3 år; advarsel 90 og 30 dage før; brevet kræver kun rettidige linjer",
                    source: ClaimRules.deadlineSource),
                .init(
                    code: "R13",
                    text: "tvist: dialog, derefter Ankestyrelsen (retssikkerhedsloven § 61), derefter domstolene; kravets status er tvist",
                    source: nil),
            ]
        case .vat:
            return [.init(code: "V0", text: "kun hovedkonto 0-6 er omfattet", source: nil)]
                + VATRule.allCases.map { .init(code: $0.rawValue, text: $0.danishText, source: $0.source) }
        default:
            return []
        }
    }

    static func findings(_ scheme: Scheme) -> [HelpContent.Code] {
        if scheme == .vat { return VATRule.allCases.map { .init(code: $0.rawValue, text: "fund efter reglen " + $0.rawValue, source: nil) } }
        return FindingKind.allCases.filter { $0.scheme == scheme }.map {
            .init(code: $0 == .claimIn ? $0.rawValue + "_…" : $0.rawValue, text: $0.danishText, source: nil)
        }
    }

    /// A file with the kind's headings only, to fill in.
    func template(_ type: String?) throws -> Response {
        guard let kind = type.flatMap(ImportKind.init(rawValue:)), kind.hasColumns else {
            throw HTTPError(
                .badRequest,
                message: "Ukendt importtype: \(type ?? "ingen"); vælg en af \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return Download.file(ByteBuffer(string: kind.template), type: "text/csv; charset=utf-8", name: "skabelon-\(kind.rawValue).csv")
    }
}
