import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct IntermunicipalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mellemkommunal",
        abstract: "Mellemkommunal refusion: hvem betaler, vores krav og modtagne krav.",
        discussion: "Retssikkerhedsloven §§ 9, 9 a, 9 c. Beslutningstabellen R0-R13 står i docs/rules/mellemkommunal.md.",
        subcommands: [Analyse.self, Krav.self, KravStatus.self, Passivitet.self, Brev.self, Historik.self], defaultSubcommand: Analyse.self)

    struct Analyse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyse", abstract: "Læser opholdshistorikken, finder betalere og krav og gemmer dem.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Skriv betalingsperioder, kravkandidater og vurderinger af modtagne krav som JSON.") var json = false
        @Option(help: "Skriv betalingsperioder, krav og modtagne krav som XLSX.") var xlsx: String?
        @Option(help: "Dagen fristerne regnes fra (standard: i dag).") var dato: String?

        func run() async throws {
            let today = try judgementDay(dato)
            try await withStore(global) { store in
                let a = try await IntermunicipalService(store: store).run(by: cliUser, today: today)
                let withPayer = a.persons.filter(\.hasPayer)
                if json {
                    say(try JSONOutput.encode(IntermunicipalJSON(a)))
                } else {
                    let own = ResidenceEpisode.name(a.own)
                    say(
                        "Mellemkommunal refusion for \(own) Kommune: \(a.persons.count) borgere med opholdshistorik, \(withPayer.count) med en anden betaler i en periode."
                    )
                    let ours = a.outgoing.reduce(ClaimValue()) { $0 + $1.value(raisedOn: today) }
                    say(
                        "Vores krav: \(DanishFormat.count(a.outgoing.count, "krav", "krav")); kan kræves \(ours.claimable.danishKroner), "
                            + "forældet (hjælp ældre end 3 år) \(ours.timeBarred.danishKroner)")
                    let table = TextTable(columns: ["Borger", "Betaler", "År", "Kan kræves", "Forældet", "Frist", "Status"])
                    // The deadline that matters is the earliest not yet passed, as on the claim pages.
                    let next = { (c: ClaimCandidate) in ClaimRules.nextDeadline(c.lines, on: today) ?? c.deadline }
                    for c in a.outgoing.sorted(by: { next($0) < next($1) }).prefix(25) {
                        let value = c.value(raisedOn: today)
                        table.add([
                            c.cpr.masked, ResidenceEpisode.name(c.payer), String(c.year), value.claimable.danish, value.timeBarred.danish,
                            next(c).danish,
                            ClaimRules.urgency(deadline: next(c), today: today).danishText,
                        ])
                    }
                    if !a.outgoing.isEmpty { say(table.render(rightAligned: [3, 4])) }
                    let claimed = a.incoming.reduce(Money.zero) { $0 + $1.claim.amount }
                    let accepted = a.incoming.reduce(Money.zero) { $0 + $1.verdict.acceptedAmount }
                    say(
                        "Modtagne krav: \(a.incoming.count) på i alt \(claimed.danishKroner); efter vores læsning godkendes \(accepted.danishKroner)"
                    )
                    for kind in [ClaimVerdict.Kind.accept, .partly, .dispute, .cannotVerify] {
                        let n = a.incoming.filter { $0.verdict.kind == kind }.count
                        if n > 0 { say("  \(kind.danishText): \(n)") }
                    }
                    let reviews = a.persons.filter { !$0.reviews.isEmpty }.count
                    if reviews > 0 { say("Til undersøgelse: \(reviews) borgere, hvor visitationen ikke er oplyst.") }
                    say("Se kravene: hjemtag mellemkommunal krav")
                }
                if let xlsx {
                    try XLSXWriter.write(
                        IntermunicipalExport.sheets(
                            periods: a.persons.map { ($0.cpr, $0.periods) }, outgoing: a.outgoing, incoming: a.incoming, today: a.today),
                        to: URL(fileURLWithPath: xlsx))
                    if !json { say("XLSX skrevet: \(xlsx)") }
                    try await store.appendAudit(
                        username: cliUser, action: .export, cpr: nil, page: "hjemtag mellemkommunal --xlsx",
                        purpose: "eksport af \(a.persons.count) borgeres betalingsperioder med CPR")
                }
            }
        }
    }

    struct Krav: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "krav", abstract: "Lister gemte krav, de mest presserende først.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Kun modtagne krav.") var ind = false
        @Flag(help: "Kun vores krav.") var ud = false
        @Flag(help: "Skriv JSON.") var json = false
        @Option(help: "Dagen fristerne regnes fra (standard: i dag).") var dato: String?

        func run() async throws {
            let today = try judgementDay(dato)
            try await withStore(global) { store in
                let direction: ClaimDirection? = ind == ud ? nil : (ind ? .incoming : .outgoing)
                let list = ClaimUrgency.sorted(try await store.claims(direction: direction, includeInactive: false), today: today)
                if json {
                    say(try JSONOutput.encode(list.map { ClaimJSON($0, today: today) }))
                    return
                }
                let table = TextTable(columns: ["Id", "Retning", "Borger", "Modpart", "Periode", "Beløb", "Godkendt", "Status", "Frist"])
                for c in list {
                    table.add([
                        String(c.id), c.draft.direction.danishName, c.draft.cpr.masked, ResidenceEpisode.name(c.draft.counterpart),
                        "\(c.draft.from.danish)-\(c.draft.to.danish)", c.draft.amount.danish, c.draft.accepted?.danish ?? "",
                        c.status.danishName, ClaimUrgency.text(c, today: today),
                    ])
                }
                say(list.isEmpty ? "Ingen krav. Kør: hjemtag mellemkommunal" : table.render(rightAligned: [0, 5, 6]))
            }
        }
    }

    struct KravStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Flytter et krav: identificeret → sendt → accepteret/afvist → betalt, eller tvist.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Kravets id.") var id: Int
        @Argument(help: "Ny status: \(ClaimStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String
        @Option(help: "Note (fx dato for afsendelse, begrundelse).") var note: String?

        func run() async throws {
            guard let new = ClaimStatus(parsing: status) else {
                throw UserFacingError(
                    message: "'\(status)' er ikke en status (brug: \(ClaimStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            try await withStore(global) { store in
                try await store.setClaimStatus(id: id, to: new, note: note, by: cliUser)
                say("Krav \(id): \(new.danishName).")
            }
        }
    }

    struct Passivitet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passivitet",
            abstract:
                "Registrerer passivitet (§ 9 c stk. 6) for et ophold: den tidligere kommune kendte forholdene, og det var åbenbart, at der måtte gribes ind."
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Borgerens CPR-nummer.") var cpr: String
        @Option(help: "Første dag i opholdet, som passiviteten gælder.") var fra: String
        @Option(help: "Begrundelsen (påkrævet).") var grund: String

        func run() async throws {
            let person: CPR
            do { person = try CPR(parsing: cpr) } catch { throw UserFacingError(message: error.description) }
            guard let from = Day(parsing: fra) else { throw UserFacingError(message: "--fra '\(fra)' er ikke en dato") }
            guard grund.trimmingCharacters(in: .whitespaces).count >= 10 else {
                throw UserFacingError(message: "--grund skal forklare passiviteten (mindst 10 tegn)")
            }
            try await withStore(global) { store in
                guard try await store.residenceEpisodes(cpr: person).contains(where: { $0.episode.from == from }) else {
                    throw UserFacingError(message: "borgeren \(person.masked) har intet ophold, der begynder \(from.danish)")
                }
                try await store.addPassivityMark(PassivityMark(cpr: person, from: from, reason: grund, setBy: cliUser))
                try await store.appendAudit(
                    username: cliUser, action: .change, cpr: person, page: "hjemtag mellemkommunal passivitet", purpose: "passivitet registreret")
                say("Passivitet registreret for opholdet fra \(from.danish). Kør hjemtag mellemkommunal for at genberegne.")
            }
        }
    }

    struct Brev: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "brev", abstract: "Skriver kravbrevet til den anden kommune som HTML til udskrift.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Kravets id (vores krav).") var id: Int
        @Option(help: "Filen brevet skrives til.") var out: String

        func run() async throws {
            try await withStore(global) { store in
                guard let claim = try await store.claim(id: id), claim.draft.direction == .outgoing else {
                    throw UserFacingError(message: "krav \(id) findes ikke blandt vores krav (se: hjemtag mellemkommunal krav --ud)")
                }
                guard let ours = try await store.ownMunicipality() else { throw StoreError.notMigrated }
                let html = ClaimLetter.render(try LetterContent.make(claim, ours: ours, sender: cliUser), style: .inline)
                try html.write(toFile: out, atomically: true, encoding: .utf8)
                try await store.appendAudit(
                    username: cliUser, action: .export, cpr: claim.draft.cpr, page: "hjemtag mellemkommunal brev \(id)", purpose: "kravbrev")
                say("Kravbrev skrevet: \(out)")
            }
        }
    }

    struct Historik: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "historik", abstract: "Viser en borgers ophold, handlekommune og betaler med regel og kilde.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Borgerens CPR-nummer.") var cpr: String
        @Option(help: "Formålet med opslaget (skrives i logningen).") var formaal = "opslag i opholdshistorik"

        func run() async throws {
            let person: CPR
            do { person = try CPR(parsing: cpr) } catch { throw UserFacingError(message: error.description) }
            try await withStore(global) { store in
                try await store.appendAudit(username: cliUser, action: .view, cpr: person, page: "hjemtag mellemkommunal historik", purpose: formaal)
                guard let first = try await store.residenceEpisodes(cpr: person).first,
                    let p = try await IntermunicipalService(store: store).person(key: first.id)
                else {
                    say("Borgeren \(person.masked) har ingen ophold i databasen.")
                    return
                }
                for period in p.periods { say(period.explanation.rendered()) }
                for s in p.pension {
                    say(
                        "Førtidspension (\(s.basis.rawValue)): \(ResidenceEpisode.name(s.payer)) refunderer \(ResidenceEpisode.name(s.receiver)) \(s.from.danish)-\(s.to?.danish ?? "")"
                    )
                }
            }
        }
    }
}

enum LetterContent {
    static func make(_ claim: StoredClaim, ours: Kommune, sender: String) throws -> ClaimLetter.Content {
        guard let content = ClaimLetter.Content(claim: claim, ours: ours, sender: sender, date: .today) else {
            throw UserFacingError(message: "ukendt modpart \(claim.draft.counterpart)")
        }
        return content
    }
}

/// `hjemtag mellemkommunal --json`: payer periods per citizen and claim candidates.
struct IntermunicipalJSON: Encodable {
    struct Period: Encodable {
        var fra: Day
        var til: Day?
        var kommune: Int
        var boligtype: String
        var visiteret_af: String
        var handlekommune: Int?
        var betaler: Int?
        var omfang: String?
        var regel: String
        var oprindelig_regel: String?
        var kilde: String
        var undersoeg: String?
    }
    struct Person: Encodable {
        var cpr: String
        var perioder: [Period]
        var foertidspension: [PensionRefundSpan]
    }
    struct Candidate: Encodable {
        var cpr: String
        var betaler: Int
        var aar: Int
        var beloeb: Money
        /// The help within the three-year deadline on the analysis day, and the rest.
        var kan_kraeves: Money
        var foraeldet: Money
        var frist: Day
        var lovgrundlag: String
        var linjer: [ClaimLine]
    }
    struct Incoming: Encodable {
        var krav_id: String
        var fra_kommune: Int
        var cpr: String
        var kraevet: Money
        var godkendt: Money
        var vurdering: String
        var begrundelse: [String]
    }
    var kommune: Int
    var dato: Day
    var betalingsperioder: [Person]
    var kravkandidater: [Candidate]
    var modtagne_krav: [Incoming]

    init(_ a: IntermunicipalAnalysis) {
        kommune = a.own
        dato = a.today
        betalingsperioder = a.persons.map { p in
            Person(
                cpr: p.cpr.digits,
                perioder: p.periods.map { x in
                    Period(
                        fra: x.from, til: x.to, kommune: x.episode.municipality, boligtype: x.episode.housing.rawValue,
                        visiteret_af: x.episode.referral.code,
                        handlekommune: x.handlekommune, betaler: x.payer, omfang: x.scope?.rawValue, regel: x.rule.rawValue,
                        oprindelig_regel: x.origin?.rawValue, kilde: x.rule.source, undersoeg: x.review)
                }, foertidspension: p.pension)
        }
        kravkandidater = a.outgoing.map {
            let value = $0.value(raisedOn: a.today)
            return Candidate(
                cpr: $0.cpr.digits, betaler: $0.payer, aar: $0.year, beloeb: $0.amount, kan_kraeves: value.claimable,
                foraeldet: value.timeBarred, frist: $0.deadline, lovgrundlag: $0.legalBasis,
                linjer: $0.lines)
        }
        modtagne_krav = a.incoming.map {
            Incoming(
                krav_id: $0.claim.reference, fra_kommune: $0.claim.fromMunicipality, cpr: $0.claim.cpr.digits, kraevet: $0.claim.amount,
                godkendt: $0.verdict.acceptedAmount, vurdering: $0.verdict.kind.rawValue, begrundelse: $0.verdict.reasons)
        }
    }
}

/// `hjemtag mellemkommunal krav --json`.
struct ClaimJSON: Encodable {
    var id: Int
    var retning: String
    var cpr: String
    var modpart: Int
    var fra: Day
    var til: Day
    var beloeb: Money
    /// Ours: the help within the deadline on the day the claim was sent (or today), and the rest.
    var kan_kraeves: Money?
    var foraeldet: Money?
    var afsendt: Day?
    var godkendt: Money?
    var status: String
    var frist: Day?
    var varsel: String?
    var lovgrundlag: String

    init(_ c: StoredClaim, today: Day) {
        id = c.id
        retning = c.draft.direction.rawValue
        cpr = c.draft.cpr.digits
        modpart = c.draft.counterpart
        fra = c.draft.from
        til = c.draft.to
        beloeb = c.draft.amount
        if c.draft.direction == .outgoing {
            let value = c.value(today: today)
            (kan_kraeves, foraeldet) = (value.claimable, value.timeBarred)
        }
        afsendt = c.raisedOn
        godkendt = c.draft.accepted
        status = c.status.rawValue
        frist = c.draft.deadline
        varsel = ClaimUrgency.urgency(c, today: today)?.level
        lovgrundlag = c.draft.legalBasis
    }
}
