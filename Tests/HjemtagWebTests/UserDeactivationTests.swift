import Foundation
import HjemtagCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

@Suite("Deactivating a user")
struct UserDeactivationTests {
    @Test("A deactivated user's open session ends at the next request, and they cannot log in again; activated, they can")
    func deactivation() async throws {
        try await WebFixture.with { f in
            let app = try await buildApplication(store: f.store)
            try await app.test(.router) { client in
                let anna = try await WebSDETests.logIn(client, as: "anna")
                #expect(try await client.execute(uri: "/fund", method: .get, headers: headers(anna)).status == .ok)
                // As `hjemtag bruger deaktiver anna` does, from another process.
                try await f.store.updateUser("anna", UserChange(active: false), by: "ada")
                let after = try await client.execute(uri: "/fund", method: .get, headers: headers(anna))
                #expect(after.status == .seeOther && after.headers[.location] == "/login")
                let page = try await client.execute(uri: "/login", method: .get)
                let csrf = try #require(hiddenCSRF(String(buffer: page.body)))
                let refused = try await client.execute(
                    uri: "/login", method: .post, headers: headers(cookieHeader(page), form: true),
                    body: formBody(["brugernavn": "anna", "adgangskode": WebFixture.password, "csrf": csrf]))
                #expect(refused.status != .seeOther)
                try await f.store.updateUser("anna", UserChange(active: true), by: "ada")
                _ = try await WebSDETests.logIn(client, as: "anna")
            }
            let audit = try await f.store.auditEntries(cpr: nil, username: "ada", limit: 5)
            #expect(audit.contains { $0.action == AuditAction.userChanged.rawValue && $0.purpose == "deaktiveret" })
            await #expect(throws: StoreError.self) { try await f.store.updateUser("ingen", UserChange(active: false), by: "ada") }
            await #expect(throws: StoreError.self) { try await f.store.updateUser("anna", UserChange(email: .some("ikke en adresse")), by: "ada") }
        }
    }
}
