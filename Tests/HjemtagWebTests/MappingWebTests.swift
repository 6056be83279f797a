import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// A ledger extract in another system's layout, mapped on the web as a finance user does it:
/// upload, see the rows and the guessed columns, map, preview with problems marked, save and import.
@Suite("Column mappings on the web", .serialized)
struct MappingWebTests {
    static let extract = """
        Bogføringsdato;Kontostreng;D/K;Beløb;CPR;Posteringstekst
        28.01.2021;53850-1-4.0;D;1.000,00;0201702222;Botilbud januar
        26.02.2021;53850-1-7.2;K;250,50;0201702222;Egenbetaling
        31.13.2021;53850-1-4.0;D;10,00;0201702222;Forkert dato

        """

    @Test("Upload, guess, preview with the bad row marked, save and import through the mapping; export and delete; each change audit-logged")
    func flow() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        let before = try await f.store.postingCount()
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "anna")
            let csrf = try #require(
                hiddenCSRF(String(buffer: try await client.execute(uri: "/kortlaegning", method: .get, headers: headers(jar)).body)))
            let (body, type) = multipartBody(["csrf": csrf], file: ("fil", "OPUS_2021.csv", Self.extract))
            let uploaded = try await client.execute(
                uri: "/kortlaegning/fil", method: .post, headers: [.cookie: headers(jar)[.cookie]!, .contentType: type], body: body)
            let page = String(buffer: uploaded.body)
            #expect(uploaded.status == .ok)
            #expect(page.contains("tegnsæt UTF-8, separator semikolon") && page.contains("Bogføringsdato<br><small>dato DD.MM.ÅÅÅÅ</small>"))
            #expect(page.contains("020170-XXXX") && !page.contains("0201702222"), "CPR numbers are shown masked")
            #expect(page.contains(#"<option value="Bogføringsdato" selected>"#), "the date column is guessed from its heading")
            let token = try #require(page.range(of: #"name="token" value=""#).map { String(page[$0.upperBound...].prefix(36)) })

            var form = [
                "csrf": csrf, "token": token, "navn": "opus", "filnavn": "OPUS_*.csv", "dato_kolonne": "Bogføringsdato",
                "dato_datoformat": "DD.MM.ÅÅÅÅ", "beloeb_kolonne": "Beløb", "beloeb_fortegn_kolonne": "D/K", "beloeb_kredit": "K",
                "funktion_kolonne": "Kontostreng", "funktion_del_sep": "-", "funktion_del_nr": "1", "cpr_kolonne": "CPR",
                "paragraf_kolonne": "", "tekst_kolonne": "Posteringstekst", "handling": "proev",
            ]
            let preview = String(
                buffer: try await client.execute(uri: "/kortlaegning/ny", method: .post, headers: headers(jar, form: true), body: formBody(form)).body
            )
            #expect(preview.contains("1 af de viste rækker har problemer"), "\(preview)")
            #expect(preview.contains("kolonne 1 &#39;Bogføringsdato&#39;: &#39;31.13.2021&#39; er ikke en dato på formen DD.MM.ÅÅÅÅ"))
            #expect(preview.contains("<td>-250,50</td>") && preview.contains("<td>5.38.50</td>"))

            // Saved and imported: the bad row refuses the whole file, as a canonical import would.
            form["handling"] = "importer"
            let queued = try await client.execute(uri: "/kortlaegning/ny", method: .post, headers: headers(jar, form: true), body: formBody(form))
            #expect(queued.status == .seeOther)
            let job = try await jobPage(client, at: try #require(queued.headers[.location]), jar)
            #expect(job.contains(#"<dd id="job-status">fejlet</dd>"#) && job.contains("OPUS_2021.csv:4:1"), "\(job)")
            #expect(try await f.store.mapping(named: "opus")?.fileNamePattern == "OPUS_*.csv")

            let exported = try await client.execute(uri: "/kortlaegning/eksport.json?navn=opus", method: .get, headers: headers(jar))
            #expect(try ColumnMapping.decode(String(buffer: exported.body)) == (try await f.store.mapping(named: "opus")))
            let list = String(buffer: try await client.execute(uri: "/kortlaegning", method: .get, headers: headers(jar)).body)
            #expect(list.contains("<code>opus</code>") && list.contains("<code>OPUS_*.csv</code>"))
            let imports = String(buffer: try await client.execute(uri: "/importer", method: .get, headers: headers(jar)).body)
            #expect(imports.contains(#"<option value="opus">opus</option>"#))

            let deleted = try await client.execute(
                uri: "/kortlaegning/slet", method: .post, headers: headers(jar, form: true), body: formBody(["csrf": csrf, "navn": "opus"]))
            #expect(deleted.status == .seeOther)
            #expect(try await f.store.mappings().isEmpty)
        }
        #expect(try await f.store.postingCount() == before)
        let audit = try await f.store.auditEntries(cpr: nil, username: "anna", limit: 20).compactMap(\.purpose)
        #expect(audit.contains { $0.hasPrefix("kortlægning opus gemt") } && audit.contains("kortlægning opus slettet"))
        try await f.store.close()
    }
}
