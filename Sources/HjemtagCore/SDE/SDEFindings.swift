/// The SDE robot: compares the computed refund with what was booked as received, and points at
/// cases near a limit, households, 67+ continuations and costs that cannot be claimed as booked.
public enum SDEFindings {
    /// Differences below this are rounding, not findings.
    static let tolerance = Money(kroner: 1)

    public static func findings(result: SDEResult, calculator: SDECalculator) -> [Finding] {
        var out: [Finding] = []
        let year = result.year
        for subject in result.subjects {
            let claimed = subject.cprs.reduce(Money.zero) { $0 + calculator.claimed($1) }
            let diff = subject.refund - claimed
            if diff > tolerance {
                out.append(
                    Finding(
                        scheme: .sde, year: year, kind: FindingKind.lostRefund.rawValue, subjectKey: subject.key, cprs: subject.cprs, amount: diff,
                        direction: .claim,
                        text: "Beregnet refusion \(subject.refund.danishKroner), bogført \(claimed.danishKroner): \(diff.danishKroner) kan hjemtages."
                    ))
            } else if -diff > tolerance {
                out.append(
                    Finding(
                        scheme: .sde, year: year, kind: FindingKind.overClaimed.rawValue, subjectKey: subject.key, cprs: subject.cprs, amount: -diff,
                        direction: .payBack,
                        text:
                            "Bogført refusion \(claimed.danishKroner) overstiger beregnet \(subject.refund.danishKroner): \((-diff).danishKroner) skal betales tilbage."
                    ))
            }
            let t1 = result.tiers.firstThreshold
            if subject.refund == .zero, subject.eligible.ore * 10 >= t1.ore * 9 {
                out.append(
                    Finding(
                        scheme: .sde, year: year, kind: FindingKind.nearThreshold.rawValue, subjectKey: subject.key, cprs: subject.cprs,
                        amount: t1 - subject.eligible,
                        direction: .check,
                        text:
                            "Nettoudgiften \(subject.eligible.danishKroner) er inden for 10 % af grænsen \(t1.danishKroner); tjek om alle udgifter er bogført på CPR og periodiseret."
                    ))
            }
            if subject.kind == .household && subject.cprs.count > 1 {
                // What the siblings would give tested one by one; the difference is lost if the claim does not sum them.
                let separate = subject.cprs.reduce(Money.zero) { total, cpr in
                    total + result.tiers.separateRefund(for: subject, cpr: cpr, calculator: calculator)
                }
                let gain = subject.refund - separate
                if gain > tolerance {
                    out.append(
                        Finding(
                            scheme: .sde, year: year, kind: FindingKind.siblingsJoined.rawValue, subjectKey: subject.key, cprs: subject.cprs,
                            amount: gain,
                            direction: .check,
                            text:
                                "\(DanishFormat.count(subject.cprs.count, "barn/ung", "børn/unge")) i samme husstand giver \(gain.danishKroner) mere, når udgifterne lægges sammen (serviceloven § 176 stk. 2); sikr at anmodningen summerer dem."
                        ))
                }
            }
        }
        // 67+: those who turn 67 in the year and were above T1/12 in the month before the birthday month.
        if result.year >= 2021 {
            for p in calculator.turning67() where p.lastMonthExpense.ore * 12 > result.tiers.firstThreshold.ore {
                out.append(
                    Finding(
                        scheme: .sde, year: year, kind: FindingKind.continuesAfter67.rawValue, subjectKey: "cpr:" + p.cpr.digits, cprs: [p.cpr],
                        amount: p.lastMonthExpense,
                        direction: .check,
                        text:
                            "Fylder 67 den \(p.birthday.danish) og havde \(p.lastMonthExpense.danishKroner) i måneden før fødselsdagsmåneden (over 1/12 af grænsen): forbliver omfattet (BEK § 6). Tjek hospitalsindlæggelse i måneden."
                    ))
            }
        }
        let q = calculator.quality
        if q.withoutCPRCount > 0 {
            out.append(
                Finding(
                    scheme: .sde, year: year, kind: FindingKind.withoutCPR.rawValue, subjectKey: "data:uden_cpr", cprs: [],
                    amount: q.withoutCPRAmount, direction: .check,
                    text:
                        "\(DanishFormat.count(q.withoutCPRCount, "postering", "posteringer")) efter serviceloven/barnets lov (\(q.withoutCPRAmount.danishKroner)) er ikke bogført på CPR og kan ikke indgå som bogført."
                ))
        }
        if q.oneOffCount > 0 {
            out.append(
                Finding(
                    scheme: .sde, year: year, kind: FindingKind.withoutPeriod.rawValue, subjectKey: "data:uden_periode", cprs: [],
                    amount: q.oneOffAmount,
                    direction: .check,
                    text:
                        "\(DanishFormat.count(q.oneOffCount, "postering", "posteringer")) på CPR uden serviceperiode (\(q.oneOffAmount.danishKroner)) er fordelt ligeligt over årets 12 måneder (BEK § 3 stk. 4); er de løbende ydelser, skal de periodiseres."
                ))
        }
        return out
    }
}

extension SDETiers {
    /// The refund one member of a household subject would get alone on their part of the months.
    func separateRefund(for subject: SDESubject, cpr: CPR, calculator: SDECalculator) -> Money {
        guard let person = calculator.persons[cpr.digits] else { return .zero }
        var total = Rational.zero
        for (i, _) in subject.months.enumerated() {
            let own = person.total[i]
            total = total + monthlyRefund(Money(ore: own))
        }
        return total.roundedToOre()
    }
}
