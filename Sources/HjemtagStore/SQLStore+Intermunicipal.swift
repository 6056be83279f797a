import Foundation
import HjemtagCore
import SQLKit

extension SQLStore {
    static func episode(_ r: any SQLRow) throws -> StoredEpisode? {
        func text(_ c: String) throws -> String? { try r.decodeNil(column: c) ? nil : try r.decode(column: c, as: String.self) }
        guard let cpr = try? CPR(parsing: try r.decode(column: "cpr", as: String.self)),
              let from = Day(parsing: try r.decode(column: "valid_from", as: String.self)),
              let housing = HousingType(rawValue: try r.decode(column: "housing", as: String.self)) else { return nil }
        let e = ResidenceEpisode(cpr: cpr, from: from, to: try text("valid_to").flatMap(Day.init(parsing:)),
                                 municipality: try r.decode(column: "municipality", as: Int.self), housing: housing, offer: try text("offer"),
                                 referral: Referral(parsing: try text("referral")) ?? .notStated, legalBasis: try text("legal_basis"),
                                 line: try r.decode(column: "line", as: Int.self))
        return StoredEpisode(id: try r.decode(column: "id", as: Int.self), episode: e)
    }

    public func residenceEpisodes() async throws -> [StoredEpisode] {
        try await requireMigrated()
        return try await locked { try await rows("SELECT * FROM residence_episodes ORDER BY cpr, valid_from, id").compactMap(SQLStore.episode) }
    }

    public func residenceEpisodes(cpr: CPR) async throws -> [StoredEpisode] {
        try await locked { try await rows("SELECT * FROM residence_episodes WHERE cpr = \(bind: cpr.digits) ORDER BY valid_from, id").compactMap(SQLStore.episode) }
    }

    public func residenceEpisode(id: Int) async throws -> StoredEpisode? {
        try await locked { try await rows("SELECT * FROM residence_episodes WHERE id = \(bind: id)").first.flatMap(SQLStore.episode) }
    }

    public func incomingClaims() async throws -> [IncomingClaim] {
        try await locked {
            try await rows("SELECT * FROM incoming_claims ORDER BY id").compactMap { r in
                guard let cpr = try? CPR(parsing: try r.decode(column: "cpr", as: String.self)),
                      let from = Day(parsing: try r.decode(column: "period_from", as: String.self)),
                      let to = Day(parsing: try r.decode(column: "period_to", as: String.self)),
                      let received = Day(parsing: try r.decode(column: "received_on", as: String.self)) else { return nil }
                return IncomingClaim(reference: try r.decode(column: "reference", as: String.self),
                                     fromMunicipality: try r.decode(column: "from_municipality", as: Int.self), cpr: cpr, period: DateRange(from, to),
                                     amount: Money(ore: try r.decode(column: "amount_ore", as: Int64.self)),
                                     legalBasis: try r.decodeNil(column: "legal_basis") ? nil : try r.decode(column: "legal_basis", as: String.self),
                                     receivedOn: received, line: try r.decode(column: "line", as: Int.self))
            }
        }
    }

    public func pensionGrants() async throws -> [PensionGrant] {
        try await locked {
            try await rows("SELECT * FROM pension_grants ORDER BY id").compactMap { r in
                guard let cpr = try? CPR(parsing: try r.decode(column: "cpr", as: String.self)),
                      let day = Day(parsing: try r.decode(column: "granted_on", as: String.self)) else { return nil }
                return PensionGrant(cpr: cpr, grantedOn: day, grantingMunicipality: try r.decode(column: "granting_municipality", as: Int.self))
            }
        }
    }

    public func passivityMarks() async throws -> [PassivityMark] {
        try await locked {
            try await rows("SELECT * FROM passivity_marks ORDER BY id").compactMap { r in
                guard let cpr = try? CPR(parsing: try r.decode(column: "cpr", as: String.self)),
                      let from = Day(parsing: try r.decode(column: "episode_from", as: String.self)) else { return nil }
                return PassivityMark(cpr: cpr, from: from, reason: try r.decode(column: "reason", as: String.self), setBy: try r.decode(column: "set_by", as: String.self))
            }
        }
    }

    public func addPassivityMark(_ m: PassivityMark) async throws {
        try await transaction {
            try await db.raw("""
                INSERT INTO passivity_marks (cpr, episode_from, reason, set_by, set_at)
                VALUES (\(bind: m.cpr.digits), \(bind: m.from.iso), \(bind: m.reason), \(bind: m.setBy), \(bind: SQLStore.now()))
                """).run()
        }
    }

    /// Merges the robot's claims with the saved ones: a claim keeps its status and history; its
    /// figures follow the computation only while nobody has acted on it (identified / received).
    /// An identified claim no longer found is marked inactive, never deleted.
    public func mergeClaims(_ drafts: [ClaimDraft], by: String) async throws {
        try await requireMigrated()
        try await transaction {
            let now = SQLStore.now()
            try await db.raw("UPDATE ic_claims SET active = 0 WHERE status IN ('identificeret', 'modtaget')").run()
            for d in drafts {
                let reasons = try SQLStore.encode(d.reasons), lines = try SQLStore.encode(d.lines)
                let existing = try await rows("SELECT id, status FROM ic_claims WHERE claim_key = \(bind: d.key)").first
                if let existing {
                    let id = try existing.decode(column: "id", as: Int.self)
                    let status = ClaimStatus(rawValue: try existing.decode(column: "status", as: String.self)) ?? .identified
                    if status == .identified || status == .received {
                        try await db.raw("""
                            UPDATE ic_claims SET period_from = \(bind: d.from.iso), period_to = \(bind: d.to.iso), amount_ore = \(bind: d.amount.ore),
                                   accepted_ore = \(bind: d.accepted?.ore), legal_basis = \(bind: d.legalBasis), deadline = \(bind: d.deadline?.iso),
                                   verdict = \(bind: d.verdict?.rawValue), reasons = \(bind: reasons), lines = \(bind: lines), active = 1,
                                   updated_at = \(bind: now) WHERE id = \(bind: id)
                            """).run()
                    } else {
                        try await db.raw("UPDATE ic_claims SET active = 1 WHERE id = \(bind: id)").run()
                    }
                    continue
                }
                try await db.raw("""
                    INSERT INTO ic_claims (direction, claim_key, cpr, counterpart, period_from, period_to, amount_ore, accepted_ore, legal_basis,
                                           deadline, received_on, reference, status, verdict, reasons, lines, active, created_at, updated_at)
                    VALUES (\(bind: d.direction.rawValue), \(bind: d.key), \(bind: d.cpr.digits), \(bind: d.counterpart), \(bind: d.from.iso), \(bind: d.to.iso),
                            \(bind: d.amount.ore), \(bind: d.accepted?.ore), \(bind: d.legalBasis), \(bind: d.deadline?.iso), \(bind: d.receivedOn?.iso),
                            \(bind: d.reference), \(bind: d.initialStatus.rawValue), \(bind: d.verdict?.rawValue), \(bind: reasons), \(bind: lines), 1,
                            \(bind: now), \(bind: now))
                    """).run()
                let id = try await rows("SELECT id FROM ic_claims WHERE claim_key = \(bind: d.key)")[0].decode(column: "id", as: Int.self)
                try await db.raw("""
                    INSERT INTO ic_claim_events (claim_id, at, username, from_status, to_status, note)
                    VALUES (\(bind: id), \(bind: now), \(bind: by), NULL, \(bind: d.initialStatus.rawValue), \(bind: d.direction == .outgoing ? "fundet af robotten" : "indlæst"))
                    """).run()
            }
        }
    }

    static func claim(_ r: any SQLRow) throws -> StoredClaim {
        func text(_ c: String) throws -> String? { try r.decodeNil(column: c) ? nil : try r.decode(column: c, as: String.self) }
        let d = ClaimDraft(direction: ClaimDirection(rawValue: try r.decode(column: "direction", as: String.self)) ?? .outgoing,
                           key: try r.decode(column: "claim_key", as: String.self),
                           cpr: try CPR(parsing: try r.decode(column: "cpr", as: String.self)),
                           counterpart: try r.decode(column: "counterpart", as: Int.self),
                           from: Day(parsing: try r.decode(column: "period_from", as: String.self))!,
                           to: Day(parsing: try r.decode(column: "period_to", as: String.self))!,
                           amount: Money(ore: try r.decode(column: "amount_ore", as: Int64.self)),
                           accepted: try r.decodeNil(column: "accepted_ore") ? nil : Money(ore: try r.decode(column: "accepted_ore", as: Int64.self)),
                           legalBasis: try r.decode(column: "legal_basis", as: String.self),
                           deadline: try text("deadline").flatMap(Day.init(parsing:)), receivedOn: try text("received_on").flatMap(Day.init(parsing:)),
                           reference: try text("reference"), verdict: try text("verdict").flatMap(ClaimVerdict.Kind.init(rawValue:)),
                           reasons: try SQLStore.decode([String].self, try r.decode(column: "reasons", as: String.self)),
                           lines: try SQLStore.decode([ClaimLine].self, try r.decode(column: "lines", as: String.self)))
        return StoredClaim(id: try r.decode(column: "id", as: Int.self), draft: d,
                           status: ClaimStatus(rawValue: try r.decode(column: "status", as: String.self)) ?? .identified,
                           active: try r.decode(column: "active", as: Int.self) == 1, updatedAt: try r.decode(column: "updated_at", as: String.self))
    }

    public func claims(direction: ClaimDirection?, includeInactive: Bool = false) async throws -> [StoredClaim] {
        try await requireMigrated()
        return try await locked {
            var q = SQLQueryString("SELECT * FROM ic_claims WHERE 1 = 1")
            if let direction { q.appendInterpolation(unsafeRaw: " AND direction = "); q.appendInterpolation(bind: direction.rawValue) }
            if !includeInactive { q.appendInterpolation(unsafeRaw: " AND active = 1") }
            q.appendInterpolation(unsafeRaw: " ORDER BY id")
            return try await rows(q).map(SQLStore.claim)
        }
    }

    public func claim(id: Int) async throws -> StoredClaim? {
        try await locked { try await rows("SELECT * FROM ic_claims WHERE id = \(bind: id)").first.map(SQLStore.claim) }
    }

    /// Moves a claim along its life; refuses transitions the lifecycle does not allow.
    public func setClaimStatus(id: Int, to status: ClaimStatus, note: String?, by: String) async throws {
        try await transaction {
            guard let row = try await rows("SELECT status, claim_key FROM ic_claims WHERE id = \(bind: id)").first else { throw ClaimError.notFound(id) }
            let current = ClaimStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .identified
            guard current.canMove(to: status) else { throw ClaimError.transition(from: current, to: status) }
            let now = SQLStore.now()
            try await db.raw("UPDATE ic_claims SET status = \(bind: status.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            // A paid claim of ours is income recovered: its finding says so, for the business case.
            if status == .paid {
                let key = try row.decode(column: "claim_key", as: String.self)
                try await db.raw("""
                    UPDATE findings SET status = 'hjemtaget', updated_by = \(bind: by), updated_at = \(bind: now)
                    WHERE scheme = 'mellemkommunal' AND subject_key = \(bind: key)
                    """).run()
            }
            try await db.raw("""
                INSERT INTO ic_claim_events (claim_id, at, username, from_status, to_status, note)
                VALUES (\(bind: id), \(bind: now), \(bind: by), \(bind: current.rawValue), \(bind: status.rawValue), \(bind: note))
                """).run()
        }
    }

    public func claimEvents(claimID: Int) async throws -> [ClaimEvent] {
        try await locked {
            try await rows("SELECT * FROM ic_claim_events WHERE claim_id = \(bind: claimID) ORDER BY id").map { r in
                ClaimEvent(at: try r.decode(column: "at", as: String.self), username: try r.decode(column: "username", as: String.self),
                           from: try r.decodeNil(column: "from_status") ? nil : ClaimStatus(rawValue: try r.decode(column: "from_status", as: String.self)),
                           to: ClaimStatus(rawValue: try r.decode(column: "to_status", as: String.self)) ?? .identified,
                           note: try r.decodeNil(column: "note") ? nil : try r.decode(column: "note", as: String.self))
            }
        }
    }
}

extension SQLStore {
    /// The rows of the newest import of a budget table (a new file replaces the table).
    public func budgetRows(_ table: BudgetRow.Table) async throws -> [BudgetRow] {
        try await requireMigrated()
        return try await locked {
            try await rows("""
                SELECT * FROM budget_rows WHERE budget_table = \(bind: table.rawValue)
                AND import_id = (SELECT MAX(import_id) FROM budget_rows WHERE budget_table = \(bind: table.rawValue)) ORDER BY id
                """).map { r in
                func int(_ c: String) throws -> Int? { try r.decodeNil(column: c) ? nil : try r.decode(column: c, as: Int.self) }
                return BudgetRow(table: table, type: try r.decode(column: "row_type", as: String.self), name: try r.decode(column: "name", as: String.self),
                                 category: try r.decodeNil(column: "category") ? nil : try r.decode(column: "category", as: String.self),
                                 year: try int("year"), referenceYear: try int("reference_year"), model: try int("model"),
                                 amount: try r.decodeNil(column: "amount_ore") ? nil : Money(ore: try r.decode(column: "amount_ore", as: Int64.self)))
            }
        }
    }
}

extension SQLStore {
    public func integrationRows() async throws -> [IntegrationRow] {
        try await requireMigrated()
        return try await locked {
            try await rows("SELECT * FROM integration_rows ORDER BY cpr, id").compactMap { r in
                func text(_ c: String) throws -> String? { try r.decodeNil(column: c) ? nil : try r.decode(column: c, as: String.self) }
                guard let cpr = try? CPR(parsing: try r.decode(column: "cpr", as: String.self)),
                      let start = Day(parsing: try r.decode(column: "program_start", as: String.self)) else { return nil }
                var event: IntegrationEvent?
                if let k = try text("event").flatMap(IntegrationEventKind.init(rawValue:)), let from = try text("valid_from").flatMap(Day.init(parsing:)) {
                    event = IntegrationEvent(cpr: cpr, programStart: start, kind: k, from: from, to: try text("valid_to").flatMap(Day.init(parsing:)),
                                             hoursPerWeek: try text("hours").flatMap(BatchWriter.rate), supported: try r.decode(column: "supported", as: Int.self) == 1,
                                             exam: try text("exam"), line: try r.decode(column: "line", as: Int.self))
                }
                return IntegrationRow(cpr: cpr, programStart: start, event: event)
            }
        }
    }
}

extension SQLStore {
    /// Each year's positive list from the newest import that has that year.
    public func positiveList() async throws -> [PositiveListEntry] {
        try await requireMigrated()
        return try await locked {
            try await rows("""
                SELECT p.* FROM positive_list p
                WHERE p.import_id = (SELECT MAX(q.import_id) FROM positive_list q WHERE q.year = p.year) ORDER BY p.id
                """).compactMap { r in
                guard let f = AccountFunction(parsing: try r.decode(column: "function_code", as: String.self)),
                      let rate = BatchWriter.rate(try r.decode(column: "rate", as: String.self)) else { return nil }
                return PositiveListEntry(year: try r.decode(column: "year", as: Int.self), function: f,
                                         art: try r.decodeNil(column: "art") ? nil : try r.decode(column: "art", as: String.self), rate: rate,
                                         requiresOwnership4: try r.decode(column: "ownership4", as: Int.self) == 1)
            }
        }
    }

    public func vatRegistrations() async throws -> [VATRegistration] {
        try await requireMigrated()
        return try await locked {
            try await rows("SELECT * FROM vat_registrations ORDER BY id").compactMap { r in
                guard let from = Day(parsing: try r.decode(column: "valid_from", as: String.self)) else { return nil }
                return VATRegistration(cvr: try r.decode(column: "cvr", as: String.self), from: from,
                                       to: try r.decodeNil(column: "valid_to") ? nil : Day(parsing: try r.decode(column: "valid_to", as: String.self)),
                                       operatingAgreement: try r.decode(column: "operating_agreement", as: Int.self) == 1)
            }
        }
    }
}
