/// Builds the Danish explanation of one subject's SDE refund: the postings that counted and
/// how each was periodised, the postings left out and why, each month's test with the limits
/// and their sources, and the sum with its rounding.
public enum SDEExplainer {
    public static func explain(subject: SDESubject, result: SDEResult, calculator: SDECalculator) -> Explanation {
        let who =
            subject.kind == .household
            ? "Husstand \(subject.key.dropFirst("husstand:".count)) med \(DanishFormat.count(subject.cprs.count, "barn/ung", "børn/unge")) (\(subject.cprs.map(\.masked).joined(separator: ", ")))"
            : "Borger \(subject.cprs.first?.masked ?? "")"
        var root = Explanation("SDE-refusion \(result.year) for \(who)", amount: subject.refund)
        let basis =
            subject.kind == .household
            ? "Udgifterne til børn under 18 år og til efterværn for unge 18-22 år i samme husstand lægges sammen (serviceloven § 176 stk. 2; BEK § 5)."
            : "Kommunens samlede nettoudgift til hjælp og støtte til borgeren (BEK § 3 stk. 2-3)."
        root.add(Explanation(basis))
        var limits = Explanation("Grænser og satser for \(result.year) (spor: \(subject.track))")
        let used = subject.months.contains { $0.childTrack } ? (result.childTiers ?? result.tiers) : result.tiers
        for tier in used.tiers {
            limits.add(
                Explanation(
                    "\(tier.rate.danishPercent) % over \(tier.threshold.danishKroner) om året = \(Rational(tier.threshold.ore, 12).roundedToOre().danishKroner) om måneden",
                    parameters: [tier.thresholdRef, tier.rateRef]))
        }
        root.add(limits)

        var postings = Explanation("Posteringer")
        for cpr in subject.cprs {
            for t in (calculator.traced[cpr.digits] ?? []).sorted(by: { $0.posting.date < $1.posting.date }) {
                let p = t.posting
                var line = "\(p.date.danish) bilag \(p.voucher ?? "-") \(p.paragraph ?? "-") \(p.function)"
                if subject.cprs.count > 1 { line += " (\(cpr.masked))" }
                if let period = p.period { line += ", periode \(period)" } else { line += ", uden periode" }
                if t.eligibility != .eligible {
                    postings.add(Explanation(line + ": ikke medregnet – " + t.eligibility.danishText, amount: p.amount))
                    continue
                }
                let inYear = t.parts.filter { $0.month.year == result.year }
                var step = Explanation(line, amount: p.amount)
                for source in OS2bosPayment.provenance(of: p) { step.add(Explanation(source)) }
                // An internal offer priced by its tariff (`TariffCosts`): say so, with the tariff's source.
                if p.extra["takst"] != nil, let text = p.text { step.add(Explanation(text)) }
                if p.period == nil {
                    step.add(
                        Explanation("Enkeltstående udgift fordelt ligeligt på årets 12 måneder (BEK § 3 stk. 4); resten af divisionen til december"))
                } else if t.parts.count > 1 {
                    step.add(
                        Explanation(
                            "Fordelt forholdsmæssigt efter dage på \(DanishFormat.count(t.parts.count, "måned", "måneder")); øreafrunding til sidste måned"
                        ))
                }
                for part in inYear where t.parts.count > 1 {
                    step.add(Explanation("\(part.month.danishName): \(DanishFormat.count(part.days, "dag", "dage"))", amount: part.amount))
                }
                postings.add(step)
            }
        }
        root.add(postings)

        var months = Explanation("Månedlig test (BEK § 3 stk. 1: refusion af den del af månedens udgift, der overstiger 1/12 af grænserne)")
        for m in subject.months {
            let tiers = calculator.tiers(for: m)
            if m.eligible == .zero { continue }
            if !m.covered {
                months.add(
                    Explanation(
                        "\(m.month.danishName): nettoudgift \(m.eligible.danishKroner); ikke omfattet – fyldt 67 år før månedens start og ikke omfattet umiddelbart før (serviceloven § 176 stk. 3; BEK § 6)",
                        amount: .zero))
                continue
            }
            if m.eligible.ore <= 0 {
                months.add(Explanation("\(m.month.danishName): nettoudgift \(m.eligible.danishKroner) regnes som 0", amount: .zero))
                continue
            }
            var step = Explanation("\(m.month.danishName): nettoudgift \(m.eligible.danishKroner)", amount: m.refund)
            let breakdown = tiers.monthlyBreakdown(m.eligible)
            if breakdown.isEmpty {
                step.add(
                    Explanation("Under 1/12 af første grænse (\(Rational(tiers.firstThreshold.ore, 12).roundedToOre().danishKroner)): ingen refusion")
                )
            }
            for b in breakdown {
                step.add(
                    Explanation(
                        "\(b.tier.rate.danishPercent) % af \(b.base.roundedToOre().danishKroner) over 1/12 af \(b.tier.threshold.danishKroner)",
                        amount: b.refund.roundedToOre()))
            }
            months.add(step)
        }
        root.add(months)
        let exact = subject.months.reduce(Rational.zero) { $0 + $1.exactRefund }
        root.add(
            Explanation(
                "Året: summen af de eksakte månedsbeløb (\(DanishFormat.count(subject.months.filter { $0.exactRefund.isPositive }.count, "måned", "måneder")) med refusion) afrundet én gang til hele øre, halvt væk fra nul",
                amount: exact.roundedToOre()))
        return root
    }
}
