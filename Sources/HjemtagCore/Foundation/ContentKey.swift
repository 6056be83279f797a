/// A row's content as one 64-bit number, for telling a row imported twice from two that only look
/// alike. Two rows with the same fields get the same key however their files were written: the
/// key is made from the parsed values (a day, an amount in øre, a CPR number), not from the text,
/// so a semicolon file in UTF-8, a comma file with decimal points and a Latin-1 file of the same
/// vouchers agree. The line a row came from is never part of it.
///
/// FNV-1a over a typed serialisation (each field tagged, text with its length), so the key is the
/// same on every machine and in every run; Swift's `Hasher` is seeded anew in each process. Two
/// different rows share a key with odds of about n²/2⁶⁵ among n rows (3 in a million among ten
/// million), and then the later one is reported as a duplicate the user can look at and allow.
public struct ContentKey: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// The key as the database stores it (a signed 64-bit column).
    public var stored: Int64 { Int64(bitPattern: value) }

    private mutating func byte(_ b: UInt8) {
        value ^= UInt64(b)
        value &*= 0x0000_0100_0000_01b3
    }

    private mutating func word(_ w: UInt64) {
        var w = w
        for _ in 0..<8 {
            byte(UInt8(truncatingIfNeeded: w))
            w >>= 8
        }
    }

    public mutating func add(_ n: Int64?) {
        guard let n else { return byte(0) }
        byte(1)
        word(UInt64(bitPattern: n))
    }

    public mutating func add(_ n: Int?) { add(n.map(Int64.init)) }

    public mutating func add(_ text: String?) {
        guard let text else { return byte(0) }
        byte(2)
        word(UInt64(text.utf8.count))
        for b in text.utf8 { byte(b) }
    }

    public mutating func add(_ day: Day?) { add(day?.ordinal) }
    public mutating func add(_ money: Money?) { add(money?.ore) }
    public mutating func add(_ cpr: CPR?) { add(cpr?.digits) }
    public mutating func add(_ flag: Bool) { add(Int64(flag ? 1 : 0)) }

    public mutating func add(_ range: DateRange?) {
        add(range?.start)
        add(range?.end)
    }

    public mutating func add(_ rate: Rational?) {
        add(rate?.numerator)
        add(rate?.denominator)
    }
}

/// A record whose content identifies it: the fields that make it this row and no other.
public protocol ContentIdentified {
    var contentKey: ContentKey { get }
}

extension Posting: ContentIdentified {
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(voucher)
        k.add(date)
        k.add(amount)
        k.add(function.description)
        k.add(dranst)
        k.add(art)
        k.add(cpr)
        k.add(paragraph)
        k.add(period)
        k.add(department)
        k.add(payingMunicipality)
        k.add(cvr)
        k.add(vat)
        k.add(text)
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) {
            k.add(name)
            k.add(value)
        }
        return k
    }
}

extension HouseholdMembership: ContentIdentified {
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(cpr)
        k.add(household)
        k.add(from)
        k.add(to)
        return k
    }
}

extension BenefitPayment: ContentIdentified {
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(cpr)
        k.add(benefit.code)
        k.add(period)
        k.add(amount)
        k.add(paidOn)
        k.add(source)
        return k
    }
}

extension SubsidisedPeriod: ContentIdentified {
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(cpr)
        k.add(scheme)
        k.add(period)
        return k
    }
}

extension YRRow: ContentIdentified {
    /// The file's municipality and date are part of a row: a later YR file repeats earlier weeks
    /// with their recalculated figures, and those are new rows, not duplicates.
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(municipality)
        k.add(fileDate)
        k.add(week.monday)
        k.add(cpr)
        k.add(benefitName)
        k.add(reported)
        k.add(computed)
        k.add(refundRate)
        k.add(refund)
        k.add(coFinancingRate)
        k.add(coFinancing)
        k.add(financingMunicipality)
        return k
    }
}

extension ResidenceEpisode: ContentIdentified {
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(cpr)
        k.add(from)
        k.add(to)
        k.add(municipality)
        k.add(housing.rawValue)
        k.add(offer)
        k.add(referral.code)
        k.add(legalBasis)
        return k
    }
}

extension IncomingClaim: ContentIdentified {
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(reference)
        k.add(fromMunicipality)
        k.add(cpr)
        k.add(period)
        k.add(amount)
        k.add(legalBasis)
        k.add(receivedOn)
        return k
    }
}

extension PensionGrant: ContentIdentified {
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(cpr)
        k.add(grantedOn)
        k.add(grantingMunicipality)
        return k
    }
}

extension IntegrationRow: ContentIdentified {
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(cpr)
        k.add(programStart)
        k.add(event?.kind.rawValue)
        k.add(event?.from)
        k.add(event?.to)
        k.add(event?.hoursPerWeek)
        k.add(event?.supported ?? false)
        k.add(event?.exam)
        return k
    }
}

extension VATRegistration: ContentIdentified {
    public var contentKey: ContentKey {
        var k = ContentKey()
        k.add(cvr)
        k.add(from)
        k.add(to)
        k.add(operatingAgreement)
        return k
    }
}
