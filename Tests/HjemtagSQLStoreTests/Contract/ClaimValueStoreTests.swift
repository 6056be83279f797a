import Foundation
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
}
