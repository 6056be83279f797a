import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct RetentionContent: PageContent {
    static let template = Template.retention
    struct Line: Sendable { let what: String, rows: String }
    var configured: Bool
    var missing: String?
    var years: Int?
    var cutoff: String?
    var applied: Bool
    var total: String?
    var done: String?
    var lines: [Line]
    var keptCounters: String?
}

/// The retention rule for the administrator: what it would delete, and a confirmed POST that deletes.
struct RetentionPages: Sendable {
    let store: any Store
    let today: @Sendable () -> Day

    struct Form: Decodable { var bekraeft: String? }

    func page(apply: Bool, viewer session: WebSession) async throws -> Page {
        guard let rule = try await store.retentionRule() else {
            return Page(
                "Opbevaring", section: .parameters,
                RetentionContent(configured: false, missing: RetentionError.notConfigured.description, applied: false, lines: []))
        }
        let report = try await RetentionService(store: store).run(rule, today: today(), apply: apply, by: session.username)
        return Page(
            "Opbevaring", section: .parameters,
            RetentionContent(
                configured: true, years: rule.years, cutoff: report.cutoff.danish, applied: apply, total: Danish.integer(report.total),
                done: apply ? "Sletningen er gennemført og skrevet i logningen." : nil,
                lines: report.lines.map { .init(what: $0.what, rows: Danish.integer($0.rows)) },
                keptCounters: report.keptCounters == 0
                    ? nil
                    : "I stedet for ydelsesudbetalingerne før skæringsdagen gemmes tællerne på refusionstrappen for "
                        + "\(DanishFormat.count(report.keptCounters, "borger", "borgere")) (uger i forløbet og uger med selvforsørgelse de seneste 3 år), "
                        + "så de år, der bevares, giver præcis de samme resultater."))
    }

    /// The deletion, only with the confirmation box ticked.
    func apply(_ form: Form, viewer session: WebSession) async throws -> Page {
        guard try await store.retentionRule() != nil else { return try await page(apply: false, viewer: session) }
        guard form.bekraeft == "ja" else { throw HTTPError(.badRequest, message: "Bekræft sletningen.") }
        return try await page(apply: true, viewer: session)
    }
}
