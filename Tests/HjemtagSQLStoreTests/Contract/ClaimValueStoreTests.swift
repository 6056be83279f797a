import Foundation
import HjemtagImport
import HjemtagStore
import Testing

@testable import HjemtagCore
@testable import HjemtagSQLStore

/// A claim sent in time keeps its value: the deadline is met for the help it covered the day it
/// was sent (Højesteret 18.4.2024), while a claim not yet sent loses help month by month.
@Suite("Claim value in the store", .serialized)
struct ClaimValueStoreTests {
    @Test("Sent today, a claim is worth its help for good; not sent, the same help is time-barred three years on", arguments: Backend.available)
    func sentClaimKeepsItsValue(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let today = Day(parsing: String(Date().formatted(.iso8601).prefix(10)))!
            let help = today.adding(days: -30)
            let line = ClaimLine(
                month: help.month, category: .stk1, paragraph: nil, function: "5.57.73", voucher: nil, text: nil, amount: Money(kroner: 12_000),
                helpDay: help, deadline: help.adding(years: 3), legalBasis: "retssikkerhedsloven § 9 c stk. 1")
            func draft(_ key: String) -> ClaimDraft {
                ClaimDraft(
                    direction: .outgoing, key: key, cpr: try! CPR(parsing: "0101801111"), counterpart: 265, from: help, to: help, amount: line.amount,
                    legalBasis: line.legalBasis, deadline: line.deadline, reasons: [], lines: [line])
            }
            try await store.mergeClaims([draft("ud:a"), draft("ud:b")], by: "t")
            let claims = try await store.claims(direction: .outgoing)
            try await store.setClaimStatus(id: claims[0].id, to: .sent, note: nil, by: "anna")
            let sent = try #require(try await store.claim(id: claims[0].id))
            let kept = try #require(try await store.claim(id: claims[1].id))
            #expect(sent.raisedOn != nil && kept.raisedOn == nil)
            let later = today.adding(years: 4)
            #expect(sent.value(today: later) == ClaimValue(claimable: Money(kroner: 12_000)))
            #expect(kept.value(today: later) == ClaimValue(timeBarred: Money(kroner: 12_000)))
            #expect(kept.value(today: today) == ClaimValue(claimable: Money(kroner: 12_000)))
        }
    }

    /// The claims are kept in the process between reads (issue 22 § 4) until their version in the
    /// database moves: a change through another connection, a new computation and a retention
    /// deletion are all read at once.
    @Test("Claims kept between reads: another connection's change, a new computation and a deletion are read at once", arguments: Backend.available)
    func keptClaimsFollowTheDatabase(backend: Backend) async throws {
        try await backend.withTwoConnections { web, robot in
            _ = try await web.migrate()
            let help = Day(year: 2018, month: 3, day: 1)!
            func draft(_ key: String, _ kroner: Int64) -> ClaimDraft {
                let line = ClaimLine(
                    month: help.month, category: .stk1, paragraph: nil, function: "5.57.73", voucher: nil, text: "hjælp",
                    amount: Money(kroner: kroner),
                    helpDay: help, deadline: help.adding(years: 3), legalBasis: "retssikkerhedsloven § 9 c stk. 1")
                return ClaimDraft(
                    direction: .outgoing, key: key, cpr: try! CPR(parsing: "0101801111"), counterpart: 265, from: help, to: help, amount: line.amount,
                    legalBasis: line.legalBasis, deadline: line.deadline, reasons: [], lines: [line])
            }
            try await robot.mergeClaims([draft("ud:a", 100), draft("ud:b", 200)], by: "robot")
            #expect(try await web.claims(direction: .outgoing).map(\.draft.amount) == [Money(kroner: 100), Money(kroner: 200)])
            // The robot's next computation changes one amount and drops the other.
            try await robot.mergeClaims([draft("ud:a", 150)], by: "robot")
            #expect(try await web.claims(direction: .outgoing).map(\.draft.amount) == [Money(kroner: 150)])
            #expect(try await web.claims(direction: nil, includeInactive: true).count == 2)
            // A caseworker's change in one process is seen by the other.
            let a = try #require(try await web.claims(direction: .outgoing).first)
            #expect(try await robot.claims(direction: .outgoing).first?.status == .identified)
            try await web.setClaimStatus(id: a.id, to: .dropped, note: nil, by: "anna")
            #expect(try await robot.claims(direction: .outgoing).first?.status == .dropped)
            // Retention deletes finished claims whose help ended before the cut-off.
            _ = try await robot.retention(before: Day(year: 2020, month: 1, day: 1)!, apply: true, by: "t", keeping: [])
            #expect(try await web.claims(direction: nil, includeInactive: true).map(\.draft.key) == [])
        }
    }

    /// The store values the active claims once per day and claims' version (issue 22 § 4): each
    /// claim as valued one by one, and a new valuation as soon as another connection changes a
    /// claim or another day is asked for.
    @Test(
        "Valued claims: as each claim valued one by one; another connection's change and the next day are read at once", arguments: Backend.available)
    func valuedClaimsFollowTheClaimsAndTheDay(backend: Backend) async throws {
        try await backend.withTwoConnections { web, robot in
            _ = try await web.migrate()
            // Two months of help, each with its own deadline three years on (retssikkerhedsloven
            // § 9 c stk. 9): the claim loses the first month's 1.000 kr. the day after 01.03.2021.
            let march = Day(year: 2018, month: 3, day: 1)!
            let april = Day(year: 2018, month: 4, day: 1)!
            func line(_ day: Day, _ kroner: Int64) -> ClaimLine {
                ClaimLine(
                    month: day.month, category: .stk1, paragraph: nil, function: "5.57.73", voucher: nil, text: "hjælp",
                    amount: Money(kroner: kroner),
                    helpDay: day, deadline: day.adding(years: 3), legalBasis: "retssikkerhedsloven § 9 c stk. 1")
            }
            func draft(_ key: String, _ direction: ClaimDirection, _ lines: [ClaimLine]) -> ClaimDraft {
                ClaimDraft(
                    direction: direction, key: key, cpr: try! CPR(parsing: "0101801111"), counterpart: 265, from: march, to: april,
                    amount: lines.reduce(.zero) { $0 + $1.amount }, legalBasis: "retssikkerhedsloven § 9 c stk. 1",
                    deadline: direction == .incoming ? Day(year: 2021, month: 5, day: 1)! : nil, reasons: [], lines: lines)
            }
            try await robot.mergeClaims(
                [draft("ud:a", .outgoing, [line(march, 1_000), line(april, 2_000)]), draft("ud:b", .outgoing, [line(april, 500)])], by: "robot")
            let mid = Day(year: 2021, month: 2, day: 1)!
            let after = Day(year: 2021, month: 3, day: 2)!
            func expectOneByOne(_ v: ValuedClaims, _ claims: [StoredClaim], on day: Day) {
                #expect(v.day == day && v.claims.map(\.id) == claims.map(\.id))
                for (i, c) in claims.enumerated() {
                    #expect(v.values[i] == c.value(today: day))
                    #expect(v.nextOpenDeadline(i) == c.nextOpenDeadline(today: day, value: c.value(today: day)))
                    #expect(v.claimableByHelpYear[i].values.reduce(.zero, +) == v.values[i].claimable)
                }
                #expect(v.outgoing == claims.indices.filter { claims[$0].draft.direction == .outgoing })
                #expect(v.incoming == claims.indices.filter { claims[$0].draft.direction == .incoming })
            }
            let first = try await web.valuedClaims(on: mid)
            expectOneByOne(first, try await web.claims(direction: nil, includeInactive: false), on: mid)
            #expect(first.values[0] == ClaimValue(claimable: Money(kroner: 3_000)))
            #expect(first.nextOpenDeadline(0) == Day(year: 2021, month: 3, day: 1)!)
            // The next day asked for: the first month is time-barred, the next deadline the April one.
            let later = try await web.valuedClaims(on: after)
            #expect(later.values[0] == ClaimValue(claimable: Money(kroner: 2_000), timeBarred: Money(kroner: 1_000)))
            #expect(later.nextOpenDeadline(0) == Day(year: 2021, month: 4, day: 1)!)
            // Another connection drops one claim and the robot adds a received one.
            try await robot.setClaimStatus(id: first.claims[1].id, to: .dropped, note: nil, by: "anna")
            try await robot.mergeClaims(
                [
                    draft("ud:a", .outgoing, [line(march, 1_000), line(april, 2_000)]), draft("ud:b", .outgoing, [line(april, 500)]),
                    draft("ind:c", .incoming, [line(march, 700)]),
                ], by: "robot")
            let changed = try await web.valuedClaims(on: after)
            let now = try await web.claims(direction: nil, includeInactive: false)
            expectOneByOne(changed, now, on: after)
            #expect(changed.incoming == [2] && changed.nextOpenDeadline(1) == nil)
        }
    }

    /// The `ophold` file's episodes and the data years are kept until an import or a retention
    /// deletion: one process's import is read by the other at once.
    @Test("Residence and data years kept between reads: another connection's import and deletion are read at once", arguments: Backend.available)
    func keptResidenceFollowsImports(backend: Backend) async throws {
        try await backend.withTwoConnections { web, robot in
            _ = try await web.migrate()
            #expect(try await web.residenceEpisodes().isEmpty)
            #expect(try await web.dataYears().isEmpty)
            let residence = try writeTemp(
                "cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag\n030380-3333;2015-01-01;2018-02-28;265;EGEN_BOLIG;;;\n",
                name: "ophold.csv")
            _ = try await ImportRunner().run(kind: .residence, file: residence, importedBy: "robot", into: robot)
            #expect(try await web.residenceEpisodes().map(\.episode.municipality) == [265])
            let postings = try writeTemp("dato;beloeb;funktion\n2021-03-01;100,00;5.38.50\n", name: "p.csv")
            _ = try await ImportRunner().run(kind: .postings, file: postings, importedBy: "robot", into: robot)
            #expect(try await web.dataYears()[.sde] == 2021...2021)
            // The episode ended before the cut-off: the retention rule deletes the whole history.
            let report = try await robot.retention(before: Day(year: 2020, month: 1, day: 1)!, apply: true, by: "t", keeping: [])
            #expect(report.total > 0)
            #expect(try await web.residenceEpisodes().isEmpty)
        }
    }
}
