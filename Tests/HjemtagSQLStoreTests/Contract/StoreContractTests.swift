import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

@Suite("Store contract (SQLite and PostgreSQL)", .serialized)
struct StoreContractTests {
    @Test(arguments: Backend.available)
    func migrationsAreVersionedAndIdempotent(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            await #expect(throws: StoreError.self) { try await store.setting("kommune") }
            #expect(try await store.migrate() == Migrations.all.map(\.id))
            #expect(try await store.migrate() == [])
            #expect(
                try await store.appliedMigrations() == [
                    "0001-grundlag", "0002-sde", "0003-beskaeftigelse", "0004-logning-kun-tilfoejelse", "0005-mellemkommunal", "0006-budget",
                    "0007-integration", "0008-moms", "0009-sde-indeks", "0010-optaelling", "0011-borger-forvaltning", "0012-arkiv-komprimeret",
                    "0013-indholdsnoegler", "0014-borger-forvaltning-indeks", "0015-parametre-versioneret", "0016-beregninger", "0017-krav-afsendt",
                    "0018-trappe-taellere", "0019-robot", "0020-fund-arbejdsliste", "0021-bruger-email",
                    "0022-os2bos-match", "0023-kortlaegninger", "0024-os2bos-afgoerelser", "0025-sensum", "0026-sensum-match", "0027-os2bos-prognose",
                    "0028-scenarie", "0029-sde-prognose", "0030-takster", "0031-sde-summer", "0032-posteringsdatoer",
                    "0033-fundtotaler", "0034-kravversion", "0035-momskandidater", "0036-sde-emneindhold", "0037-inputversion",
                    "0038-inputversion-matchning", "0039-fundversion", "0040-importdage",
                ])
            try await store.setSetting("kommune", "350")
            try await store.setSetting("kommune", "101")
            #expect(try await store.ownMunicipality()?.name == "København")
        }
    }

    @Test("A store made by an earlier version is refused with the migrations it lacks, not as a store never made")
    func earlierVersionNamesItsMissingMigrations() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-behind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tidligere.sqlite").path
        let made = try await SQLStore.open(path)
        _ = try await made.migrate()
        // As the version before 0035 left it: without the index and its record.
        let last = "0035-momskandidater"
        try await made.executeRaw("DROP INDEX postings_vat_candidates")
        try await made.executeRaw("DELETE FROM hjemtag_migrations WHERE id = '\(last)'")
        try await made.close()
        let reopened = try await SQLStore.open(path)
        do {
            _ = try await reopened.setting("kommune")
            Issue.record("a store lacking \(last) was read")
        } catch let error as StoreError {
            #expect(
                error.description.contains("tidligere version") && error.description.contains(last) && error.description.contains("hjemtag migrate"))
        }
        #expect(try await reopened.migrate() == [last])
        #expect(try await reopened.setting("kommune") == nil)
        try await reopened.close()
    }

    @Test(arguments: Backend.available)
    func importStoresEveryRowAndArchivesTheFile(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let url = try writeTemp(postingsCSV(rows: 2_500), name: "posteringer.csv")
            let outcome = try await ImportRunner().run(kind: .postings, file: url, importedBy: "test", into: store)
            let (summary, encoding) = (outcome.summary, outcome.encoding)
            #expect(summary.rowCount == 2_500)
            #expect(encoding == .utf8)
            #expect(try await store.postingCount() == 2_500)
            #expect(try await store.archivedFile(importID: summary.id) == (try Data(contentsOf: url)))
            // Archived deflated: a generated ledger shrinks at least four times.
            let stored = try await store.db.raw("SELECT length(content) AS n, content_encoding AS e FROM imports WHERE id = \(bind: summary.id)")
                .first()
            #expect(try stored?.decode(column: "e", as: String.self) == "deflate")
            #expect(try #require(try stored?.decode(column: "n", as: Int.self)) * 4 < (try Data(contentsOf: url)).count)
            // A file archived before archives were deflated (no content_encoding) reads back as stored.
            try await store.db.raw(
                "UPDATE imports SET content = \(bind: Data("a;b\n1;2\n".utf8)), content_encoding = NULL WHERE id = \(bind: summary.id)"
            ).run()
            #expect(try await store.archivedFile(importID: summary.id) == Data("a;b\n1;2\n".utf8))
            try await store.db.raw(
                "UPDATE imports SET content = \(bind: try ArchivedFile.deflate(url)), content_encoding = 'deflate' WHERE id = \(bind: summary.id)"
            ).run()
            #expect(summary.sha256 == (try FileFingerprint.compute(url: url)).sha256)
            let list = try await store.imports()
            #expect(list.count == 1 && list[0].importedBy == "test" && list[0].kind == "posteringer")

            // Same bytes again: refused, nothing added.
            await #expect(throws: ImportError.self) {
                try await ImportRunner().run(kind: .postings, file: url, importedBy: "test", into: store)
            }
            #expect(try await store.postingCount() == 2_500)

            // Fields survive the round trip.
            let mine = try await store.postings(cpr: try CPR(parsing: "0101901234"))
            #expect(mine.count == 1_250)
            let p = try #require(mine.first)
            #expect(p.amount == Money(ore: 202))
            #expect(p.paragraph == "SEL-108")
            #expect(p.period?.dayCount == 31)
            #expect(p.department == "SOF")
            #expect(p.text == "række 2")
            #expect(p.line == 3)
        }
    }

    @Test("One bad row in the middle of a large file: nothing stored, the row reported", arguments: Backend.available)
    func badRowStoresNothing(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let good = try writeTemp(postingsCSV(rows: 10), name: "foer.csv")
            _ = try await ImportRunner().run(kind: .postings, file: good, importedBy: "test", into: store)
            let url = try writeTemp(postingsCSV(rows: 12_000, badAt: 6_000), name: "daarlig.csv")
            do {
                _ = try await ImportRunner().run(kind: .postings, file: url, importedBy: "test", into: store)
                Issue.record("the import should have failed")
            } catch ImportError.invalidRows(let problems, let total) {
                #expect(total == 1)
                #expect(problems.first?.description.hasPrefix("daarlig.csv:6001:3: kolonne 'beloeb':") == true)
            }
            // Earlier data untouched, nothing of the bad file, no archive entry.
            #expect(try await store.postingCount() == 10)
            #expect(try await store.imports().count == 1)
        }
    }

    @Test(arguments: Backend.available)
    func usersAuditAndParameters(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let u = try await store.createUser(username: "kirsten", passwordHash: "$2b$10$x", role: .sagsbehandler, departments: ["SOF", "BUF"])
            #expect(u.departments == ["SOF", "BUF"])
            await #expect(throws: StoreError.self) {
                try await store.createUser(username: "kirsten", passwordHash: "y", role: .revisor, departments: [])
            }
            #expect(try await store.user(named: "kirsten")?.role == .sagsbehandler)
            #expect(try await store.user(named: "ingen") == nil)

            let cpr = try CPR(parsing: "0101901234")
            try await store.appendAudit(username: "kirsten", action: .view, cpr: cpr, page: "/sde/person", purpose: "kontrol")
            try await store.appendAudit(username: "kirsten", action: .login, cpr: nil, page: "/login", purpose: nil)
            #expect(try await store.auditEntries(cpr: cpr, username: nil, limit: 10).map(\.action) == ["vis"])
            #expect(try await store.auditEntries(cpr: nil, username: "kirsten", limit: 10).count == 2)
            // A day range takes whole UTC days, both ends included; paging walks the lines newest first.
            // (a day either side, so a test run across midnight UTC reads the same)
            let today = Day(parsing: String(Date().formatted(.iso8601).prefix(10)))!
            #expect(try await store.auditCount(AuditFilter(from: today.adding(days: -1), to: today.adding(days: 1))) == 2)
            #expect(try await store.auditCount(AuditFilter(to: today.adding(days: -2))) == 0)
            #expect(try await store.auditCount(AuditFilter(from: today.adding(days: 2))) == 0)
            #expect(try await store.auditCount(AuditFilter(cpr: cpr, username: "kirsten", from: today.adding(days: -1))) == 1)
            let newest = try await store.auditEntries(AuditFilter(), limit: 1, offset: 0)
            let older = try await store.auditEntries(AuditFilter(), limit: 1, offset: 1)
            #expect(newest.map(\.action) == ["login"] && older.map(\.action) == ["vis"])
            #expect(try await store.auditEntries(AuditFilter(), limit: 10, offset: 2).isEmpty)

            let value = DatedValue(
                from: Day(year: 2023, month: 1, day: 1)!, to: Day(year: 2023, month: 12, day: 31)!, value: "880000",
                source: "https://example.invalid/2023", checked: Day(year: 2026, month: 11, day: 23)!, note: "test", enteredBy: "kirsten")
            _ = try await store.addParameterValues([ParameterEntry(parameterID: "sde.graense.t1", value: value)], by: "kirsten", origin: "test")
            let set = try await store.parameterSet()
            #expect(try set.money("sde.graense.t1", on: Day(year: 2023, month: 5, day: 1)!).0 == Money(kroner: 880_000))
        }
    }

    @Test("SDE runs replace the year's earlier run; findings keep their status across re-runs", arguments: Backend.available)
    func sdeRunsAndFindings(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let csv =
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n"
                + (1...12).map {
                    "2021-\(zeroPad($0, 2))-28;100000,00;5.38.50;010170-1111;SEL-108;2021-\(zeroPad($0, 2))-01;\(Month(year: 2021, month: $0).lastDay.iso)"
                }.joined(separator: "\n") + "\n"
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(csv, name: "p.csv"), importedBy: "t", into: store)
            let (run, subjects, findings) = try await SDEService(store: store).run(year: 2021, by: "t")
            #expect(run.totalRefund == Money(kroner: 87_500))
            #expect(subjects.count == 1 && subjects[0].departments == ["ukendt": Money(kroner: 87_500)])
            #expect(findings.map(\.kind) == ["mistet_refusion"])
            let stored = try #require(try await store.latestSDERun(year: 2021))
            #expect(stored.totalRefund == Money(kroner: 87_500))
            #expect(stored.tierRefunds == ["25": Money(kroner: 87_500)])
            #expect(stored.months.count == 12)
            let storedSubjects = try await store.sdeSubjects(runID: stored.id)
            #expect(storedSubjects.first?.cprs.first?.digits == "0101701111")

            let f = try #require(try await store.findings(scheme: .sde, year: 2021, includeInactive: false).first)
            try await store.setFindingStatus(id: f.id, status: .investigating, note: "ringet til leverandør", by: "kirsten")
            _ = try await SDEService(store: store).run(year: 2021, by: "t")
            let again = try await store.findings(scheme: .sde, year: 2021, includeInactive: false)
            #expect(again.count == 1)
            #expect(again[0].id == f.id && again[0].status == .investigating && again[0].note == "ringet til leverandør")
            let latest = try #require(try await store.latestSDERun(year: 2021))
            #expect(try await store.sdeSubjects(runID: latest.id).count == 1)
        }
    }

    @Test("OS2bos payments and the same payments as canonical postings give the same SDE result")
    func os2bosEqualsCanonical() async throws {
        // Two siblings placed all of 2021, paid monthly through OS2bos; one fictive and one planned row on top.
        var os2bos = [
            "id,amount,paid_amount,date,paid_date,account_string,payment_schedule__payment_frequency,recipient_type,recipient_id,fictive,activity_start_date,activity_end_date,section,cpr_number,paying_municipality,target_group"
        ]
        var canonical = ["bilag;dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;betalingskommune;forvaltning"]
        var id = 0
        for (cpr, monthly) in [("0103104111", "95000.00"), ("0204124222", "90000.00")] {
            for m in 1...12 {
                id += 1
                let date = "2021-\(zeroPad(m, 2))-01"
                os2bos.append(
                    "\(id),\(monthly),\(monthly),\(date),\(date),XXX-528230001-XXX,MONTHLY,COMPANY,12345678,False,2021-01-01,,SEL-52-3.7,\(cpr),Lejre,Familieafdelingen"
                )
                let month = Month(year: 2021, month: m)
                canonical.append(
                    "os2bos-\(id);\(date);\(monthly.replacingOccurrences(of: ".", with: ","));5.28.23;\(cpr);SEL-52-3.7;\(month.firstDay.iso);\(month.lastDay.iso);350;Familieafdelingen"
                )
            }
        }
        os2bos.append(
            "99,5000.00,5000.00,2021-05-01,2021-05-01,XXX-528230001-XXX,MONTHLY,COMPANY,12345678,True,2021-01-01,,SEL-52-3.7,0103104111,Lejre,Familieafdelingen"
        )
        os2bos.append(
            "98,5000.00,,2021-06-01,,XXX-528230001-XXX,MONTHLY,COMPANY,12345678,False,2021-01-01,,SEL-52-3.7,0103104111,Lejre,Familieafdelingen")
        let households = "cpr;husstand;fra;til\n010310-4111;A;2010-03-01;\n020412-4222;A;2012-04-02;\n"
        var results: [[String]] = []
        for (kind, text, name) in [
            (ImportKind.os2bosPayments, os2bos.joined(separator: "\n"), "granted_payments.csv"),
            (ImportKind.postings, canonical.joined(separator: "\n"), "posteringer.csv"),
        ] {
            try await Backend.sqlite.withFreshStore { store in
                _ = try await store.migrate()
                try await store.setSetting("kommune", "350")
                let outcome = try await ImportRunner().run(kind: kind, file: try writeTemp(text + "\n", name: name), importedBy: "t", into: store)
                // The fictive payment is skipped; the planned one is kept but, due without a ledger posting, does not count.
                if kind == .os2bosPayments { #expect(outcome.skipped == ["fiktive betalinger": 1] && outcome.summary.rowCount == 25) }
                _ = try await ImportRunner().run(kind: .households, file: try writeTemp(households, name: "h.csv"), importedBy: "t", into: store)
                let (run, subjects, _) = try await SDEService(store: store).run(year: 2021, by: "t")
                results.append([run.totalRefund.plain] + subjects.map { "\($0.key) \($0.eligible.plain) \($0.refund.plain)" })
            }
        }
        #expect(results.count == 2)
        #expect(results[0] == results[1])
        // 185.000 a month for the household: 25 % × (138.333,33 − 70.833,33) + 50 % × (174.166,67 − 138.333,33)
        // + 75 % × (185.000 − 174.166,67) = 16.875 + 17.916,67 + 8.125 = 42.916,67; × 12 = 515.000,00
        #expect(results[0].first == "515000.00")
    }

    @Test("Without a CPR household file, OS2bos children who share a parent CPR are one household")
    func os2bosParentHouseholds() async throws {
        var os2bos = [
            "id,amount,paid_amount,date,paid_date,account_string,payment_schedule__payment_frequency,fictive,activity_start_date,section,cpr_number,paying_municipality,mother_cpr,father_cpr"
        ]
        var id = 0
        // Two children with the same mother, a third child of other parents.
        for (cpr, mother, father) in [("0103104111", "0101801234", "0202791234"), ("0204124222", "0101801234", ""), ("0305134333", "0303821234", "")]
        {
            for m in 1...12 {
                id += 1
                let date = "2021-\(zeroPad(m, 2))-01"
                os2bos.append(
                    "\(id),60000.00,60000.00,\(date),\(date),XXX-528230001-XXX,MONTHLY,False,2021-01-01,SEL-52-3.7,\(cpr),Lejre,\(mother),\(father)")
            }
        }
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            _ = try await ImportRunner().run(
                kind: .os2bosPayments, file: try writeTemp(os2bos.joined(separator: "\n") + "\n", name: "g.csv"), importedBy: "t", into: store)
            let (_, subjects, _) = try await SDEService(store: store).run(year: 2021, by: "t")
            let household = try #require(subjects.first { $0.kind == "household" && $0.cprs.count == 2 })
            #expect(household.cprs.map(\.digits) == ["0103104111", "0204124222"])
            #expect(household.key.hasPrefix("husstand:OS2bos-"))
            #expect(!household.key.contains("0101801234"))
            // 120.000 a month: 25 % × (120.000 − 70.833,33) = 12.291,67; × 12 = 147.500
            #expect(household.refund == Money(kroner: 147_500))
            // The third child alone at 60.000 a month is below 850.000/12: nothing.
            #expect(subjects.first { $0.cprs.map(\.digits) == ["0305134333"] }?.refund ?? .zero == .zero)
            let explained = try await SDEService(store: store).explain(cpr: try CPR(parsing: "0204124222"), year: 2021)
            #expect(explained.first?.0.refund == Money(kroner: 147_500))
        }
    }

    @Test("A citizen's households are read with every member and nothing else; the posting count follows imports", arguments: Backend.available)
    func householdsOfOneCitizen(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let file = try writeTemp(
                "cpr;husstand;fra;til\n010310-4111;A;2010-03-01;\n020412-4222;A;2012-04-02;2030-01-01\n"
                    + "030514-4333;B;2014-05-03;\n010310-4111;C;2001-01-01;2010-02-28\n040416-4444;C;2001-01-01;\n", name: "husstande.csv")
            _ = try await ImportRunner().run(kind: .households, file: file, importedBy: "test", into: store)
            let mine = try await store.households(sharingWith: CPR(parsing: "0103104111"))
            #expect(mine.map(\.household) == ["A", "A", "C", "C"])
            #expect(Set(mine.map(\.cpr.digits)) == ["0103104111", "0204124222", "0404164444"])
            #expect(try await store.households(sharingWith: CPR(parsing: "0909090909")).isEmpty)
            #expect(try await store.postingCount() == 0)
            _ = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(postingsCSV(rows: 1_234), name: "p.csv"), importedBy: "test", into: store)
            #expect(try await store.postingCount() == 1_234)
        }
    }

    @Test("A citizen's departments follow the imported postings, also when a pair comes again in a later file", arguments: Backend.available)
    func departmentsOfACitizen(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let head = "dato;beloeb;funktion;cpr;paragraf;forvaltning\n"
            let first = try writeTemp(
                head + "2022-01-15;100,00;5.38.50;010310-4111;SEL-108;SOF\n2022-01-15;100,00;5.28.21;010310-4111;SEL-52;BUF\n"
                    + "2022-01-15;100,00;5.38.50;020412-4222;SEL-108;SOF\n2022-01-15;100,00;6.45.51;;;ADM\n2022-01-15;100,00;5.38.50;030514-4333;SEL-108;\n",
                name: "a.csv")
            _ = try await ImportRunner().run(kind: .postings, file: first, importedBy: "test", into: store)
            let again = try writeTemp(
                head + "2022-02-15;100,00;5.38.50;010310-4111;SEL-108;SOF\n2022-02-15;100,00;5.22.07;020412-4222;SEL-107;SUF\n", name: "b.csv")
            _ = try await ImportRunner().run(kind: .postings, file: again, importedBy: "test", into: store)
            #expect(try await store.departments(of: CPR(parsing: "0103104111")) == ["SOF", "BUF"])
            #expect(try await store.departments(of: CPR(parsing: "0204124222")) == ["SOF", "SUF"])
            // A posting without a department gives the citizen none.
            #expect(try await store.departments(of: CPR(parsing: "0305144333")).isEmpty)
            #expect(try await store.persons(inDepartments: ["BUF"]) == [try CPR(parsing: "0103104111")])
            #expect(try await store.persons(inDepartments: ["SUF", "BUF"]) == [try CPR(parsing: "0103104111"), try CPR(parsing: "0204124222")])
            #expect(try await store.persons(inDepartments: ["ADM"]).isEmpty)
            #expect(try await store.persons(inDepartments: []).isEmpty)
        }
    }

    @Test(
        "Staircase sources read back field for field: benefit payments, subsidised jobs, Ydelsesrefusion rows by week", arguments: Backend.available)
    func staircaseRoundTrip(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let benefits = try writeTemp(
                "cpr;ydelse;periode_fra;periode_til;beloeb;udbetalingsdato;kilde\n"
                    + "160986-0374;Ledighedsydelse;2022-03-28;2022-04-10;6370,00;2022-04-13;KY\n010180-1111;Kontanthjælp;2022-01-03;2022-01-09;3000,50;;\n",
                name: "ydelser.csv")
            _ = try await ImportRunner().run(kind: .benefitPayments, file: benefits, importedBy: "test", into: store)
            let jobs = try writeTemp("cpr;ordning;fra;til\n210176-3613;løntilskud;2022-08-27;2023-09-15\n", name: "stoettet.csv")
            _ = try await ImportRunner().run(kind: .subsidisedEmployment, file: jobs, importedBy: "test", into: store)
            let yr = try writeTemp(
                "Uge;CPR nummer;Ydelse;Indberetning udbetalingsbeløb;Beregnet udbetalingsbeløb;Refusionssats;Refusionsbeløb;Medfinansieringssats;Medfinansieringsbeløb;Finansiering Kommunenavn\n"
                    + "2021-12-27;101024762;Sygedagpenge;3132,00;3132,00;40;1252,80;0;0,00;København\n"
                    + "2022-01-03;101024762;Sygedagpenge;3132,00;3100,00;40;1240,00;0;0,00;København\n",
                name: "yr-ydelsesrefusion-beregning-101-0001-2023-01-15.csv")
            _ = try await ImportRunner().run(kind: .yrCalculation, file: yr, importedBy: "test", into: store)

            let paid = try await store.benefitPayments()
            #expect(paid.map(\.cpr.digits) == ["1609860374", "0101801111"])
            #expect(
                paid[0].benefit.code == "ledighedsydelse" && paid[0].amount == Money(ore: 637_000)
                    && paid[0].paidOn == Day(year: 2022, month: 4, day: 13) && paid[0].source == "KY")
            #expect(
                paid[1].period == DateRange(Day(year: 2022, month: 1, day: 3)!, Day(year: 2022, month: 1, day: 9)!)
                    && paid[1].amount == Money(ore: 300_050) && paid[1].paidOn == nil)
            let subsidised = try await store.subsidisedPeriods()
            #expect(subsidised.map(\.scheme) == ["løntilskud"] && subsidised.first?.period.end == Day(year: 2023, month: 9, day: 15))
            // The weeks touching the range: 27.12.2021-2.1.2022 holds 1 January. The padded CPR number, the rate as an exact fraction.
            let rows = try await store.yrRows(from: Day(year: 2022, month: 1, day: 1)!, to: Day(year: 2022, month: 12, day: 31)!)
            #expect(rows.map(\.week) == [ISOWeek(year: 2021, week: 52)!, ISOWeek(year: 2022, week: 1)!])
            #expect(try await store.yrRows(from: Day(year: 2022, month: 1, day: 3)!, to: Day(year: 2022, month: 1, day: 9)!).count == 1)
            #expect(rows.last?.cpr.digits == "0101024762" && rows.last?.municipality == 101)
            #expect(rows.last?.computed == Money(ore: 310_000) && rows.last?.refund == Money(ore: 124_000) && rows.last?.refundRate == Rational(2, 5))
            #expect(rows.last?.fileDate == Day(year: 2023, month: 1, day: 15) && rows.last?.financingMunicipality == "København")
        }
    }

    @Test("Text with a backslash, a tab, a line break and \\N comes back as written (PostgreSQL loads by COPY)", arguments: Backend.available)
    func awkwardTextRoundTrips(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let text = "C:\\sti\\N\tfane\r\nny linje æøå"
            let file = try writeTemp(
                "dato;beloeb;funktion;cpr;tekst\n2022-01-15;100,00;5.38.50;010310-4111;\"\(text)\"\n2022-01-16;1,00;5.38.50;010310-4111;\n",
                name: "tekst.csv")
            _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "test", into: store)
            let back = try await store.postings(cpr: CPR(parsing: "0103104111"))
            #expect(back.map(\.text) == [text, nil])
            #expect(back.map(\.amount) == [Money(ore: 10_000), Money(ore: 100)])
        }
    }

    @Test("The database itself refuses to change or delete audit log entries", arguments: Backend.available)
    func auditLogIsAppendOnly(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.appendAudit(username: "anna", action: .view, cpr: try CPR(parsing: "0101701111"), page: "/sde/emne/1", purpose: "kontrol")
            await #expect(throws: (any Error).self) { try await store.executeRaw("UPDATE audit_log SET username = 'ingen'") }
            await #expect(throws: (any Error).self) { try await store.executeRaw("DELETE FROM audit_log") }
            #expect(try await store.auditEntries(cpr: nil, username: "anna", limit: 10).count == 1)
        }
    }

    @Test(
        "Mellemkommunal: residence and claims round-trip; a claim keeps its status across re-runs; wrong moves and bad rows are refused",
        arguments: Backend.available)
    func intermunicipal(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let ophold = try writeTemp(
                "cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag\n"
                    + "030380-3333;2015-01-01;2025-02-28;265;EGEN_BOLIG;;;\n030380-3333;2025-03-01;;350;§ 108;Lejre Bo;265;SEL-108\n"
                    + "050560-5555;2020-01-01;;;UDLAND;;SELV;\n", name: "ophold.csv")
            _ = try await ImportRunner().run(kind: .residence, file: ophold, importedBy: "test", into: store)
            let stored = try await store.residenceEpisodes()
            #expect(stored.count == 3)
            #expect(stored.first { $0.episode.housing == .sel108 }?.episode.referral == .municipalities([265]))
            #expect(stored.first { $0.episode.housing == .abroad }?.episode.municipality == ResidenceEpisode.noMunicipality)
            let postings = try writeTemp(
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n2025-03-31;10000,00;5.57.73;030380-3333;LAS-25;2025-03-01;2025-03-31\n",
                name: "p.csv")
            _ = try await ImportRunner().run(kind: .postings, file: postings, importedBy: "test", into: store)
            let today = Day(year: 2026, month: 11, day: 23)!
            let service = IntermunicipalService(store: store)
            try await service.run(by: "test", today: today)
            let claim = try #require(try await store.claims(direction: .outgoing, includeInactive: false).first)
            #expect(claim.draft.amount == Money(kroner: 10_000) && claim.status == .identified && claim.draft.lines.count == 1)
            try await store.setClaimStatus(id: claim.id, to: .sent, note: "sendt", by: "anna")
            await #expect(throws: ClaimError.self) { try await store.setClaimStatus(id: claim.id, to: .identified, note: nil, by: "anna") }
            // A re-run finds the same claim: it keeps its status and its history.
            try await service.run(by: "test", today: today)
            let again = try #require(try await store.claims(direction: .outgoing, includeInactive: false).first)
            #expect(again.id == claim.id && again.status == .sent)
            #expect(try await store.claimEvents(claimID: claim.id).map(\.to) == [.identified, .sent])
            #expect(
                try await store.findings(scheme: .intermunicipal, year: 2025, includeInactive: false).map(\.finding.amount) == [Money(kroner: 10_000)]
            )
            // A bad residence file stores nothing and names file, line, column and reason in Danish.
            let bad = try writeTemp(
                "cpr;fra;til;kommune;boligtype;visiteret_af\n070770-7777;2024-01-01;;350;SLOT;SELV\n070770-7777;2024-02-01;;350;SEL108;350+999\n",
                name: "daarligt-ophold.csv")
            do {
                _ = try await ImportRunner().run(kind: .residence, file: bad, importedBy: "test", into: store)
                Issue.record("the import should have failed")
            } catch ImportError.invalidRows(let problems, let total) {
                #expect(total == 2)
                #expect(problems[0].description.hasPrefix("daarligt-ophold.csv:2:5: kolonne 'boligtype': 'SLOT' er ikke en kendt boligtype"))
                #expect(problems[1].description.hasPrefix("daarligt-ophold.csv:3:6: kolonne 'visiteret_af'"))
            }
            #expect(try await store.residenceEpisodes().count == 3)
        }
    }
}
