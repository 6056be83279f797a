import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import Mustache

struct DashboardContent: PageContent {
    static let template = Template.dashboard
    // The rows are looked up by name without reflection (`MustacheParent`): Mirror's look-ups
    // were a tenth of the worklist under load at Copenhagen's size (issue 22 § 4).
    struct SchemeLink: Sendable, MustacheParent {
        let title: String, path: String, law: String
        func child(named name: String) -> Any? {
            switch name {
            case "title": return title
            case "path": return path
            case "law": return law
            default: return nil
            }
        }
    }
    struct Money: Sendable, MustacheParent {
        let title: String, path: String, claim: String, payBack: String, count: String
        func child(named name: String) -> Any? {
            switch name {
            case "title": return title
            case "path": return path
            case "claim": return claim
            case "payBack": return payBack
            case "count": return count
            default: return nil
            }
        }
    }
    struct Line: Sendable, MustacheParent {
        let text: String, href: String?, amount: String?, what: String?
        func child(named name: String) -> Any? {
            switch name {
            case "text": return text
            case "href": return href
            case "amount": return amount
            case "what": return what
            default: return nil
            }
        }
    }
    var kommune: String
    var importCount: String
    var postingCount: String
    var schemes: [SchemeLink]
    var money: [Money]
    var recent: [Line]
    var claims30: String
    var claims90: String
    var lost: String
    /// Not `stale`: the frame's name for the banner.
    var staleResults: [String]
    var missing: [String]
    var missingMore: String?
    var deadlines: [Line]
    /// The robot's last pass, and the files it refused (with their first problem).
    var robot: String
    var refused: [String]
    /// Years a claim may need whose OS2bos report is missing.
    var missingFiles: [String] = []
    /// Our claims with a deadline within 90 days, each leading to the claim.
    var claimsDue: [Line] = []
    /// Whether the server has an inbox and the user may start a pass.
    var canRunRobot = false
    // Stored, not computed: the templates read the content by reflection.
    var hasRecent = false
    var hasStale = false
    var hasMissing = false
    var hasDeadlines = false
    var hasClaimsDue = false
}

/// The start page: the municipality and the day's work (`Worklist`): money per scheme, what the
/// robot's last pass found or changed, deadlines, stale results, missing rates, refused files. A
/// caseworker's figures are those of their own citizens.
struct DashboardPage: Sendable {
    let store: any Store
    let today: @Sendable () -> Day
    let inbox: URL?

    func page(viewer session: WebSession) async throws -> Page {
        let kommune = try await store.ownMunicipality()
        let sight = try await Access.sight(session, store: store)
        let stale = try await ComputationLedger(store: store).stale()
        let w = try await WorklistService(store: store).worklist(today: today(), persons: sight.persons, stale: stale)
        var content = DashboardContent(
            kommune: kommune.map { "\($0.name) Kommune (\($0.codeText))" } ?? "ikke sat (kør hjemtag migrate --kommune KODE)",
            importCount: Danish.integer(try await store.imports().count),
            postingCount: Danish.integer(try await store.postingCount()),
            schemes: Scheme.allCases.map { .init(title: $0.title, path: Route.page(of: $0).path(), law: $0.law) },
            money: w.ordninger.map { m in
                .init(
                    title: m.titel, path: Paging.link(Route.findings.path(), ["ordning": m.ordning]), claim: m.kan_hjemtages.danish,
                    payBack: m.skal_betales_tilbage.danish, count: Danish.integer(m.fund))
            },
            recent: w.siden_sidste_koersel.prefix(10).map {
                .init(
                    text: "\(Scheme(rawValue: $0.ordning)?.shortTitle ?? $0.ordning) \($0.aar): \($0.tekst)",
                    href: Paging.link(Route.findings.path(), ["ordning": $0.ordning, "aar": String($0.aar)]), amount: $0.beloeb.danish,
                    what: $0.hvad)
            },
            claims30: "\(DanishFormat.count(w.krav.inden_30_dage, "krav", "krav")), \(w.krav.inden_30_dage_beloeb.danishKroner)",
            claims90: "\(DanishFormat.count(w.krav.inden_90_dage, "krav", "krav")), \(w.krav.inden_90_dage_beloeb.danishKroner)",
            lost: w.krav.foraeldet.danishKroner, staleResults: w.foraeldede_resultater, missing: Array(w.manglende_parametre.prefix(8)),
            missingMore: w.manglende_parametre.count > 8 ? "og \(w.manglende_parametre.count - 8) flere på siden Parametre" : nil,
            deadlines: w.frister.map { .init(text: "\($0.dato.danish): \($0.tekst)", href: nil, amount: nil, what: nil) },
            robot: w.robot.map { "Seneste kørsel \($0)" }
                ?? "Robotten har ikke kørt endnu (hjemtag robot koer --indbakke MAPPE, eller serve --indbakke).",
            refused: w.afviste_filer, missingFiles: w.manglende_filer)
        let day = today()
        content.claimsDue = w.krav.snart.prefix(10).map { c in
            .init(
                text:
                    "Krav mod \(ResidenceEpisode.name(c.modpart)) Kommune: frist \(c.frist.danish) (om \(DanishFormat.count(c.frist - day, "dag", "dage")))",
                href: Route.intermunicipalClaim.path(c.id), amount: c.kan_kraeves.danish, what: nil)
        }
        content.hasClaimsDue = !content.claimsDue.isEmpty
        content.canRunRobot = inbox != nil && Access.allows(session, .runComputations)
        (content.hasRecent, content.hasStale) = (!content.recent.isEmpty, !content.staleResults.isEmpty)
        (content.hasMissing, content.hasDeadlines) = (!content.missing.isEmpty, !content.deadlines.isEmpty)
        return Page("Arbejdsliste", section: .dashboard, content).noting(stale)
    }
}
