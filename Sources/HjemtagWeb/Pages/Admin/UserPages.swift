import Foundation
import HjemtagCore
import HjemtagStore
import Hummingbird
import HummingbirdBcrypt

struct UsersContent: PageContent {
    static let template = Template.users
    struct Row: Sendable {
        let id: Int, username: String, role: String, departments: String, email: String, active: Bool, isSelf: Bool, action: String
    }
    struct Option: Sendable { let value: String, name: String }
    var users: [Row]
    var roles: [Option]
    var saved: String?
    var minimumLength: Int
}

struct NewPasswordContent: PageContent {
    static let template = Template.newPassword
    var username: String
    var password: String
    var created: Bool
}

struct PasswordContent: PageContent {
    static let template = Template.password
    var minimumLength: Int
    var saved: Bool
}

/// User administration for the administrator (create, e-mail, deactivate, activate, a new
/// password), and every user's own password. Each change is audit-logged by the store. A new or
/// reset password is shown once, on the answer to the POST, never in an address.
struct UserPages: Sendable {
    let store: any Store

    static let savedTexts = [
        "email": "E-mailadressen er gemt.", "deaktiver": "Brugeren er deaktiveret: kan ikke logge ind, og en åben session slutter.",
        "aktiver": "Brugeren er aktiveret igen.",
    ]

    func list(viewer session: WebSession, saved: String?) async throws -> Page {
        let rows = try await store.users().map { u in
            UsersContent.Row(
                id: u.id, username: u.username, role: u.role.danishName, departments: u.departments.joined(separator: ", "), email: u.email ?? "",
                active: u.active, isSelf: u.username == session.username, action: Route.changeUser.path(u.id))
        }
        return Page(
            "Brugere", section: .users,
            UsersContent(
                users: rows, roles: Role.allCases.map { .init(value: $0.rawValue, name: $0.danishName) },
                saved: saved.flatMap { Self.savedTexts[$0] },
                minimumLength: Password.minimumLength))
    }

    struct CreateForm: Decodable, Sendable {
        var brugernavn: String
        var rolle: String
        var forvaltninger: String?
        var email: String?
    }

    func create(_ form: CreateForm, by session: WebSession) async throws -> Page {
        let name = form.brugernavn.trimmingCharacters(in: .whitespaces)
        if let problem = UserName.problem(name) { throw HTTPError(.badRequest, message: "Brugernavn: \(problem).") }
        guard let role = Role(parsing: form.rolle) else { throw HTTPError(.badRequest, message: "Ukendt rolle: \(form.rolle).") }
        let departments = (form.forvaltninger ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if role == .sagsbehandler, departments.isEmpty { throw HTTPError(.badRequest, message: "En sagsbehandler skal have mindst én forvaltning.") }
        let email = form.email?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let email, let problem = EmailAddress.problem(email) { throw HTTPError(.badRequest, message: "E-mail: \(problem).") }
        guard try await store.user(named: name) == nil else { throw HTTPError(.conflict, message: "Brugeren \(name) findes allerede.") }
        let password = Password.random()
        _ = try await store.createUser(
            username: name, passwordHash: Bcrypt.hash(password, cost: Password.hashCost), role: role, departments: departments)
        try await store.appendAudit(
            username: session.username, action: .userChanged, cpr: nil, page: "bruger \(name)",
            purpose: "oprettet med rollen \(role.danishName)" + (departments.isEmpty ? "" : ", forvaltning \(departments.joined(separator: ", "))"))
        if let email { try await store.updateUser(name, UserChange(email: .some(email)), by: session.username) }
        return Page("Bruger oprettet", section: .users, NewPasswordContent(username: name, password: password, created: true))
    }

    struct ChangeForm: Decodable, Sendable {
        var handling: String
        var email: String?
    }

    func change(id: Int, _ form: ChangeForm, by session: WebSession) async throws -> FormAnswer {
        guard let user = try await store.users().first(where: { $0.id == id }) else { throw HTTPError(.notFound, message: "Brugeren findes ikke.") }
        switch form.handling {
        case "email":
            let email = form.email?.trimmingCharacters(in: .whitespaces).nilIfEmpty
            if let email, let problem = EmailAddress.problem(email) { throw HTTPError(.badRequest, message: "E-mail: \(problem).") }
            try await store.updateUser(user.username, UserChange(email: .some(email)), by: session.username)
        case "deaktiver":
            // An administrator who shut themselves out could leave no one to let them in.
            guard user.username != session.username else { throw HTTPError(.badRequest, message: "Du kan ikke deaktivere dig selv.") }
            try await store.updateUser(user.username, UserChange(active: false), by: session.username)
        case "aktiver":
            try await store.updateUser(user.username, UserChange(active: true), by: session.username)
        case "nulstil":
            let password = Password.random()
            try await store.updateUser(user.username, UserChange(passwordHash: Bcrypt.hash(password, cost: Password.hashCost)), by: session.username)
            return .page(Page("Ny adgangskode", section: .users, NewPasswordContent(username: user.username, password: password, created: false)))
        default:
            throw HTTPError(.badRequest, message: "Ukendt handling: \(form.handling).")
        }
        return .redirect(Paging.link(Route.users.path(), ["gemt": form.handling]))
    }

    func passwordPage(saved: Bool) -> Page {
        Page("Skift adgangskode", section: nil, PasswordContent(minimumLength: Password.minimumLength, saved: saved))
    }

    struct PasswordForm: Decodable, Sendable {
        var nuvaerende: String
        var ny: String
        var gentag: String
    }

    /// One's own password: the current one first, then the new one twice.
    func changePassword(_ form: PasswordForm, by session: WebSession) async throws -> Response {
        guard let user = try await store.user(named: session.username), Bcrypt.verify(form.nuvaerende, hash: user.passwordHash) else {
            throw HTTPError(.badRequest, message: "Den nuværende adgangskode er forkert. Intet er ændret.")
        }
        if let problem = Password.problem(form.ny) { throw HTTPError(.badRequest, message: "Ny adgangskode: \(problem). Intet er ændret.") }
        guard form.ny == form.gentag else { throw HTTPError(.badRequest, message: "De to nye adgangskoder er ikke ens. Intet er ændret.") }
        guard form.ny != form.nuvaerende else { throw HTTPError(.badRequest, message: "Den nye adgangskode er den samme som den nuværende.") }
        try await store.updateUser(session.username, UserChange(passwordHash: Bcrypt.hash(form.ny, cost: Password.hashCost)), by: session.username)
        return Redirect.to(Route.passwordPage.path() + "?gemt=ja")
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
