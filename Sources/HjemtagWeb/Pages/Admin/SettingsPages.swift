import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct SettingsContent: PageContent {
    static let template = Template.settings
    struct Field: Sendable { let name: String, explanation: String, value: String }
    var municipality: String
    var fields: [Field]
    var retentionYears: String
    var retentionMinimum: Int
    var estimates: Bool
    var estimateExplanation: String
    var saved: String?
}

/// The municipality's settings on the web, as `hjemtag indstil` and `hjemtag opbevaring --aar`
/// set them: the function lists the schemes read and the retention period. Every field is checked
/// before anything is saved, so a mistyped field changes nothing; each change is audit-logged.
struct SettingsPages: Sendable {
    let store: any Store

    func page(saved: Bool = false) async throws -> Page {
        var fields: [SettingsContent.Field] = []
        for s in FunctionListSetting.allCases {
            fields.append(
                .init(name: s.rawValue, explanation: s.explanation, value: try await s.current(in: store).map(\.description).joined(separator: ", ")))
        }
        let own = try await store.ownMunicipality()
        return Page(
            "Indstillinger", section: .settings,
            SettingsContent(
                municipality: own?.description ?? "ikke sat (hjemtag migrate --kommune KODE)",
                fields: fields, retentionYears: try await store.retentionRule().map { String($0.years) } ?? "",
                retentionMinimum: RetentionRule.minimumYears, estimates: try await PaymentMatchService.estimates(in: store),
                estimateExplanation: PaymentMatchService.estimateExplanation, saved: saved ? "Indstillingerne er gemt." : nil))
    }

    /// Saves what changed; refuses the whole form, naming the field, when one field is wrong.
    func save(_ fields: [String: String], by session: WebSession) async throws -> Response {
        var lists: [(FunctionListSetting, [AccountFunction])] = []
        for s in FunctionListSetting.allCases {
            guard let text = fields[s.rawValue] else { continue }
            do {
                lists.append((s, try FunctionListSetting.parse(text)))
            } catch let e as SettingError {
                throw HTTPError(.badRequest, message: "\(s.rawValue): \(e.description). Intet er gemt.")
            }
        }
        var retention: RetentionRule?
        if let text = fields["opbevaring"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            do {
                guard let years = Int(text) else {
                    throw HTTPError(.badRequest, message: "opbevaring: »\(text)« er ikke et antal år. Intet er gemt.")
                }
                retention = try RetentionRule(years: years)
            } catch let e as RetentionError {
                throw HTTPError(.badRequest, message: "opbevaring: \(e.description). Intet er gemt.")
            }
        }
        // Only what the form changed is saved and logged: the form sends every field each time.
        for (s, functions) in lists where functions != (try await s.current(in: store)) {
            try await s.save(functions, in: store, by: session.username, page: Route.settings.path())
        }
        if let retention, try await store.retentionRule()?.years != retention.years {
            try await RetentionService(store: store).setPeriod(retention, by: session.username, page: Route.settings.path())
        }
        // The box is on the form whenever the form is: unticked is not sent, so the marker says "nej".
        if fields["skoen_felt"] != nil {
            let on = fields[PaymentMatchService.estimateKey] != nil
            if on != (try await PaymentMatchService.estimates(in: store)) {
                try await PaymentMatchService.setEstimates(on, in: store, by: session.username, page: Route.settings.path())
            }
        }
        return Redirect.to(Route.settings.path() + "?gemt=ja")
    }
}
