/// A row's content as one 64-bit number, for telling a row imported twice from two that only look
/// alike. Two rows with the same fields get the same key however their files were written: the
/// key is made from the parsed values (a day, an amount in øre, a CPR number), not from the text,
/// so a semicolon file in UTF-8, a comma file with decimal points and a Latin-1 file of the same
/// vouchers agree. The line a row came from is never part of it.
///
/// Each field is tagged and mixed in eight bytes at a time (a multiply and a shift per word, text
/// with its length first), and the result is finished by MurmurHash3's 64-bit finaliser: the key
/// is the same on every machine and in every run (Swift's `Hasher` is seeded anew in each
/// process), and costs a few nanoseconds a row on the core that reads the file. Two different
/// rows share a key with odds of about n²/2⁶⁵ among n rows (3 in a million among ten million);
/// then the later one is reported as a duplicate the user can look at and allow.
public struct ContentKey: Sendable, Hashable {
    private var state: UInt64 = 0x243F_6A88_85A3_08D3

    public init() {}

    /// The key as the database stores it (a signed 64-bit column).
    public var stored: Int64 { Int64(bitPattern: Self.finish(state)) }

    private mutating func mix(_ word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
    }

    /// MurmurHash3's fmix64: every input bit reaches every output bit.
    private static func finish(_ h: UInt64) -> UInt64 {
        var h = h
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    public mutating func add(_ n: Int64?) {
        guard let n else { return mix(0) }
        mix(1)
        mix(UInt64(bitPattern: n))
    }

    public mutating func add(_ n: Int?) { add(n.map(Int64.init)) }

    public mutating func add(_ text: String?) {
        guard var text else { return mix(0) }
        text.withUTF8 { bytes in
            mix(2 | UInt64(bytes.count) << 8)
            let raw = UnsafeRawBufferPointer(bytes)
            var i = 0
            while i + 8 <= raw.count {
                mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                i += 8
            }
            var last: UInt64 = 0
            var shift: UInt64 = 0
            while i < raw.count {
                last |= UInt64(raw[i]) << shift
                shift += 8
                i += 1
            }
            mix(last)
        }
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
