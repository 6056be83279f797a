import Foundation
import HjemtagCore
import HjemtagStore

/// No cost claimed twice (issue 21 § 6): a cost we pass on to another municipality under
/// retssikkerhedsloven § 9 c is finally borne by that municipality, and the municipality that
/// finally bears a cost is the one that claims its SDE refund (BEK om den centrale
/// refusionsordning § 1 stk. 3; shared/domain/law-check-2026-12.md, open point 3). So a
/// citizen's service costs (serviceloven, barnets lov) in a month that is both in a claim we send
/// and in our SDE test with refund are a finding, with both amounts; and so is SDE refund booked
/// on a person whose service costs of the year we pass on.
enum DoubleClaimCheck {
    /// The claims the year's check reads: ones we send, neither rejected nor dropped, passing on
    /// service costs of the year (only those are in SDE's test; a claim's other years and its
    /// costs under § 9 c stk. 1 are not). `PassedOnClaims` fingerprints the same for the
    /// staleness check.
    static func considered(_ claims: [StoredClaim], year: Int) -> [(claim: StoredClaim, lines: [ClaimLine])] {
        claims.compactMap { claim in
            guard claim.passesOnCosts else { return nil }
            let lines = claim.serviceLines(in: year)
            return lines.isEmpty ? nil : (claim, lines)
        }
    }

    static func findings(year: Int, subjects: [StoredSDESubject], claims: [StoredClaim]) -> [Finding] {
        var bySubject: [String: StoredSDESubject] = [:]
        for s in subjects { for c in s.cprs { bySubject[c.digits] = s } }
        var out: [Finding] = []
        for (claim, yearLines) in considered(claims, year: year) {
            guard let subject = bySubject[claim.draft.cpr.digits] else { continue }
            let refundMonths = Dictionary(subject.months.filter { $0.refund.ore > 0 }.map { ($0.month, $0.refund) }, uniquingKeysWith: +)
            let passedOn = yearLines.filter { refundMonths[$0.month] != nil }
            let passedOnAmount = passedOn.reduce(Money.zero) { $0 + $1.amount }
            let months = Set(passedOn.map(\.month)).sorted()
            // All the subject's refund months: its refund as rounded once for the year; otherwise the
            // months' figures (each rounded for display, so within a few øre).
            let refundAtStake =
                months.count == refundMonths.count ? subject.refund : months.reduce(Money.zero) { $0 + (refundMonths[$1] ?? .zero) }
            let payer = "\(ResidenceEpisode.name(claim.draft.counterpart)) Kommune"
            let yearAmount = yearLines.reduce(Money.zero) { $0 + $1.amount }
            if passedOnAmount.ore > 0 {
                out.append(
                    Finding(
                        scheme: .sde, year: year, kind: FindingKind.claimedTwice.rawValue, subjectKey: "\(subject.key):krav:\(claim.draft.key)",
                        cprs: [claim.draft.cpr], amount: refundAtStake, direction: .check,
                        text:
                            "Udgifter efter serviceloven/barnets lov på \(passedOnAmount.danishKroner) i \(months.map(\.danishName).joined(separator: ", ")) "
                            + "kræves refunderet af \(payer) efter retssikkerhedsloven § 9 c og indgår samtidig i vores SDE-opgørelse "
                            + "(refusion \(refundAtStake.danishKroner) i de måneder). Den kommune, der endeligt afholder udgiften, hjemtager "
                            + "SDE-refusionen (BEK § 1 stk. 3): bogfør de videresendte udgifter med \(payer) som betalingskommune, eller kræv dem ikke."
                    ))
            }
            if subject.claimed.ore > 0 {
                out.append(
                    Finding(
                        scheme: .sde, year: year, kind: FindingKind.claimedTwice.rawValue, subjectKey: "\(subject.key):bogfoert:\(claim.draft.key)",
                        cprs: [claim.draft.cpr], amount: subject.claimed, direction: .check,
                        text:
                            "Der er bogført SDE-refusion på \(subject.claimed.danishKroner) på en borger, hvis udgifter efter serviceloven/barnets lov i \(year) "
                            + "vi kræver refunderet af \(payer) (\(yearAmount.danishKroner)). Den kommune, der endeligt afholder "
                            + "udgiften, hjemtager SDE-refusionen (BEK § 1 stk. 3)."))
            }
        }
        return out
    }
}
