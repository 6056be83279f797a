import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

extension SQLStore {
    static func episode(_ r: StoredRow) throws -> StoredEpisode {
        let referralText = try r.optionalText("referral")
        guard let referral = Referral(parsing: referralText) else {
            throw r.failure("referral", "'\(referralText ?? "")' er ikke en kendt visitation")
        }
        let e = ResidenceEpisode(
            cpr: try r.cpr("cpr"), from: try r.day("valid_from"), to: try r.optionalDay("valid_to"),
            municipality: try r.int("municipality"), housing: try r.value("housing", as: HousingType.self),
            offer: try r.optionalText("offer"), referral: referral, legalBasis: try r.optionalText("legal_basis"),
            line: try r.int("line"))
        return StoredEpisode(id: try r.int("id"), episode: e)
    }

    /// Every citizen's episodes: the `ophold` file's, and for the citizens it does not cover those
    /// Sensum or OS2bos give (`derivedEpisodes`). Kept at the inputs' version: decoding Copenhagen's
    /// episodes was a quarter of the mellemkommunal page, and reading Sensum's and OS2bos's rows
    /// again for every view most of the rest (issue 22 § 4).
    public func residenceEpisodes() async throws -> [StoredEpisode] {
        try await requireMigrated()
        return try await reading {
            try await keptInput(residenceKept) {
                let own = try await rows(
                    "SELECT * FROM residence_episodes ORDER BY cpr, valid_from, id", table: "residence_episodes", SQLStore.episode)
                let derived = try await derivedEpisodes(excluding: Set(own.map(\.episode.cpr.digits)))
                return (own + derived).sorted {
                    ($0.episode.cpr.digits, $0.episode.from, $0.id) < ($1.episode.cpr.digits, $1.episode.from, $1.id)
                }
            }
        }
    }

    public func residenceEpisodes(cpr: CPR) async throws -> [StoredEpisode] {
        let own = try await reading {
            try await rows(
                "SELECT * FROM residence_episodes WHERE cpr = \(bind: cpr.digits) ORDER BY valid_from, id", table: "residence_episodes",
                SQLStore.episode)
        }
        guard own.isEmpty else { return own }
        // Not in the `ophold` file: the citizen's Sensum or OS2bos episodes, from every citizen's.
        return try await residenceEpisodes().filter { $0.episode.cpr == cpr }.sorted { ($0.episode.from, $0.id) < ($1.episode.from, $1.id) }
    }

    public func residenceEpisode(id: Int) async throws -> StoredEpisode? {
        if id >= SQLStore.sensumServiceEpisodes { return try await residenceEpisodes().first { $0.id == id } }
        return try await reading {
            try await rows("SELECT * FROM residence_episodes WHERE id = \(bind: id)", table: "residence_episodes", SQLStore.episode).first
        }
    }

    public func incomingClaims() async throws -> [IncomingClaim] {
        try await reading {
            try await rows("SELECT * FROM incoming_claims ORDER BY id", table: "incoming_claims", SQLStore.incomingClaim)
        }
    }

    static func incomingClaim(_ r: StoredRow) throws -> IncomingClaim {
        let from = try r.day("period_from")
        let to = try r.day("period_to")
        guard let period = DateRange.checked(from, to) else { throw r.failure("period_to", "perioden slutter før den begynder") }
        return IncomingClaim(
            reference: try r.text("reference"), fromMunicipality: try r.int("from_municipality"), cpr: try r.cpr("cpr"),
            period: period, amount: try r.money("amount_ore"), legalBasis: try r.optionalText("legal_basis"),
            receivedOn: try r.day("received_on"), line: try r.int("line"))
    }

    public func pensionGrants() async throws -> [PensionGrant] {
        try await reading {
            try await keptInput(pensionGrantsKept) {
                try await rows("SELECT * FROM pension_grants ORDER BY id", table: "pension_grants", SQLStore.pensionGrant)
            }
        }
    }

    static func pensionGrant(_ r: StoredRow) throws -> PensionGrant {
        PensionGrant(cpr: try r.cpr("cpr"), grantedOn: try r.day("granted_on"), grantingMunicipality: try r.int("granting_municipality"))
    }

    public func passivityMarks() async throws -> [PassivityMark] {
        try await reading {
            try await keptInput(passivityKept) {
                try await rows("SELECT * FROM passivity_marks ORDER BY id", table: "passivity_marks") { r in
                    PassivityMark(cpr: try r.cpr("cpr"), from: try r.day("episode_from"), reason: try r.text("reason"), setBy: try r.text("set_by"))
                }
            }
        }
    }

    public func addPassivityMark(_ m: PassivityMark) async throws {
        try await transaction {
            try await db.raw(
                """
                INSERT INTO passivity_marks (cpr, episode_from, reason, set_by, set_at)
                VALUES (\(bind: m.cpr.digits), \(bind: m.from.iso), \(bind: m.reason), \(bind: m.setBy), \(bind: SQLStore.now()))
                """
            ).run()
        }
    }

    /// Merges the robot's claims with the saved ones: a claim keeps its status and history; its
    /// figures follow the computation only while nobody has acted on it (identified / received).
    /// An identified claim no longer found is marked inactive, never deleted.
    public func mergeClaims(_ drafts: [ClaimDraft], by: String) async throws {
        try await requireMigrated()
        try await transaction {
            let now = SQLStore.now()
            try await claimsChanged()
            try await db.raw("UPDATE ic_claims SET active = 0 WHERE status IN ('identificeret', 'modtaget')").run()
            for d in drafts {
                let reasons = try SQLStore.encode(d.reasons)
                let lines = try SQLStore.encode(d.lines)
                let existing = try await rows("SELECT id, status FROM ic_claims WHERE claim_key = \(bind: d.key)").first.map {
                    StoredRow($0, table: "ic_claims")
                }
                if let existing {
                    let id = try existing.int("id")
                    let status = try existing.value("status", as: ClaimStatus.self)
                    if status == .identified || status == .received {
                        try await db.raw(
                            """
                            UPDATE ic_claims SET period_from = \(bind: d.from.iso), period_to = \(bind: d.to.iso), amount_ore = \(bind: d.amount.ore),
                                   accepted_ore = \(bind: d.accepted?.ore), legal_basis = \(bind: d.legalBasis), deadline = \(bind: d.deadline?.iso),
                                   verdict = \(bind: d.verdict?.rawValue), reasons = \(bind: reasons), lines = \(bind: lines), active = 1,
                                   updated_at = \(bind: now) WHERE id = \(bind: id)
                            """
                        ).run()
                    } else {
                        try await db.raw("UPDATE ic_claims SET active = 1 WHERE id = \(bind: id)").run()
                    }
                    continue
                }
                try await db.raw(
                    """
                    INSERT INTO ic_claims (direction, claim_key, cpr, counterpart, period_from, period_to, amount_ore, accepted_ore, legal_basis,
                                           deadline, received_on, reference, status, verdict, reasons, lines, active, created_at, updated_at)
                    VALUES (\(bind: d.direction.rawValue), \(bind: d.key), \(bind: d.cpr.digits), \(bind: d.counterpart), \(bind: d.from.iso), \(bind: d.to.iso),
                            \(bind: d.amount.ore), \(bind: d.accepted?.ore), \(bind: d.legalBasis), \(bind: d.deadline?.iso), \(bind: d.receivedOn?.iso),
                            \(bind: d.reference), \(bind: d.initialStatus.rawValue), \(bind: d.verdict?.rawValue), \(bind: reasons), \(bind: lines), 1,
                            \(bind: now), \(bind: now))
                    """
                ).run()
                let id = try await rows("SELECT id FROM ic_claims WHERE claim_key = \(bind: d.key)")[0].decode(column: "id", as: Int.self)
                try await db.raw(
                    """
                    INSERT INTO ic_claim_events (claim_id, at, username, from_status, to_status, note)
                    VALUES (\(bind: id), \(bind: now), \(bind: by), NULL, \(bind: d.initialStatus.rawValue), \(bind: d.direction == .outgoing ? "fundet af robotten" : "indlæst"))
                    """
                ).run()
            }
        }
    }

    /// Copenhagen has 1.649 claims of its own; room for several municipalities' in one process.
    static let claimLines = DecodedJSONCache<[ClaimLine]>(limit: 50_000)

    static func claim(_ r: StoredRow) throws -> StoredClaim {
        let d = ClaimDraft(
            direction: try r.value("direction", as: ClaimDirection.self), key: try r.text("claim_key"), cpr: try r.cpr("cpr"),
            counterpart: try r.int("counterpart"), from: try r.day("period_from"), to: try r.day("period_to"),
            amount: try r.money("amount_ore"), accepted: try r.optionalMoney("accepted_ore"), legalBasis: try r.text("legal_basis"),
            deadline: try r.optionalDay("deadline"), receivedOn: try r.optionalDay("received_on"), reference: try r.optionalText("reference"),
            verdict: try r.optionalValue("verdict", as: ClaimVerdict.Kind.self), reasons: try r.json("reasons", as: [String].self),
            lines: try r.json("lines", as: [ClaimLine].self, cache: claimLines))
        return StoredClaim(
            id: try r.int("id"), draft: d, status: try r.value("status", as: ClaimStatus.self), active: try r.bool("active"),
            updatedAt: try r.text("updated_at"), raisedOn: try r.optionalDay("raised_on"))
    }

    /// Read whole and kept in the process until the claims' version moves: the worklist and the
    /// mellemkommunal page show every claim's value on every view, and reading Copenhagen's 1.649
    /// claims with their lines was most of those pages' time (issue 22 § 4). The version is kept
    /// in the database by every write to the claims, in the write's transaction, so another
    /// process's change is seen at the next read.
    public func claims(direction: ClaimDirection?, includeInactive: Bool = false) async throws -> [StoredClaim] {
        try await keptClaims(includeInactive: includeInactive).claims[direction]
    }

    /// The claims and the version they were read at (nil: read anew, not kept: inside a write,
    /// whose transaction may be rolled back and its version number used again by the next, or in a
    /// store whose version entry is missing).
    private func keptClaims(includeInactive: Bool) async throws -> (version: Int64?, claims: ClaimsByDirection) {
        try await requireMigrated()
        return try await reading {
            let version = try await readClaimsVersion()
            let q = SQLQueryString("SELECT * FROM ic_claims" + (includeInactive ? "" : " WHERE active = 1") + " ORDER BY id")
            guard let version else { return (nil, ClaimsByDirection(try await rows(q, table: "ic_claims", SQLStore.claim))) }
            let claims = try await (includeInactive ? allClaims : activeClaims).value(at: version) {
                ClaimsByDirection(try await rows(q, table: "ic_claims", SQLStore.claim))
            }
            return (version, claims)
        }
    }

    /// Kept with the claims' version and the day: a new valuation when either moves.
    public func valuedClaims(on day: Day) async throws -> ValuedClaims {
        let (version, kept) = try await keptClaims(includeInactive: false)
        guard let version else { return ValuedClaims(kept.all, day: day) }
        return await valuedClaimsKept.value(at: ValuedClaimsKey(version: version, day: day)) { ValuedClaims(kept.all, day: day) }
    }

    /// Kept with the claims' version.
    public func passedOnClaims() async throws -> PassedOnClaims {
        let (version, kept) = try await keptClaims(includeInactive: false)
        guard let version else { return PassedOnClaims(kept.all) }
        return await passedOnClaimsKept.value(at: version) { PassedOnClaims(kept.all) }
    }

    /// The `row_counts` entry every write to `ic_claims` moves (migration 0034).
    static let claimsVersion = "ic_claims_version"

    /// Called inside every transaction that writes `ic_claims`.
    func claimsChanged() async throws {
        try await db.raw("UPDATE row_counts SET n = n + 1 WHERE name = \(bind: SQLStore.claimsVersion)").run()
    }

    public func claim(id: Int) async throws -> StoredClaim? {
        try await reading { try await rows("SELECT * FROM ic_claims WHERE id = \(bind: id)", table: "ic_claims", SQLStore.claim).first }
    }

    /// Moves a claim along its life; refuses transitions the lifecycle does not allow.
    public func setClaimStatus(id: Int, to status: ClaimStatus, note: String?, by: String) async throws {
        try await transaction {
            guard let found = try await rows("SELECT id, status, claim_key, cpr, direction, counterpart FROM ic_claims WHERE id = \(bind: id)").first
            else {
                throw ClaimError.notFound(id)
            }
            let row = StoredRow(found, table: "ic_claims")
            let current = try row.value("status", as: ClaimStatus.self)
            guard current.canMove(to: status) else { throw ClaimError.transition(from: current, to: status) }
            let now = SQLStore.now()
            try await claimsChanged()
            try await db.raw("UPDATE ic_claims SET status = \(bind: status.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            // Sent: the three-year deadline is met for the help the claim still covers today.
            if status == .sent {
                try await db.raw("UPDATE ic_claims SET raised_on = COALESCE(raised_on, \(bind: String(now.prefix(10)))) WHERE id = \(bind: id)").run()
            }
            try await insertAudit(
                by, .claimChanged, cpr: try row.cpr("cpr"), page: "krav nr. \(id)",
                purpose: "\(current.danishName) → \(status.danishName)" + (note.map { "; note: \($0)" } ?? ""))
            // A paid claim of ours is income recovered: its finding says so, for the business case.
            if status == .paid {
                let key = try row.text("claim_key")
                try await db.raw(
                    """
                    UPDATE findings SET status = \(bind: FindingStatus.recovered.rawValue), updated_by = \(bind: by), updated_at = \(bind: now)
                    WHERE scheme = \(bind: Scheme.intermunicipal.rawValue) AND subject_key = \(bind: key)
                    """
                ).run()
                try await recountFindingTotals(scheme: .intermunicipal, year: nil)
            }
            try await db.raw(
                """
                INSERT INTO ic_claim_events (claim_id, at, username, from_status, to_status, note)
                VALUES (\(bind: id), \(bind: now), \(bind: by), \(bind: current.rawValue), \(bind: status.rawValue), \(bind: note))
                """
            ).run()
        }
    }

    public func claimEvents(claimID: Int) async throws -> [ClaimEvent] {
        try await reading {
            try await rows("SELECT * FROM ic_claim_events WHERE claim_id = \(bind: claimID) ORDER BY id", table: "ic_claim_events") { r in
                ClaimEvent(
                    at: try r.text("at"), username: try r.text("username"), from: try r.optionalValue("from_status", as: ClaimStatus.self),
                    to: try r.value("to_status", as: ClaimStatus.self), note: try r.optionalText("note"))
            }
        }
    }
}

/// The claims as read, and split by direction once: the worklist asks for ours on every view, and
/// filtering 1.649 claims copied each one (a tenth of the worklist under load, issue 22 § 4).
/// What a valuation of the claims is kept at.
struct ValuedClaimsKey: Equatable, Sendable {
    let version: Int64
    let day: Day
}

struct ClaimsByDirection: Sendable {
    let all: [StoredClaim]
    let outgoing: [StoredClaim]
    let incoming: [StoredClaim]

    init(_ all: [StoredClaim]) {
        self.all = all
        outgoing = all.filter { $0.draft.direction == .outgoing }
        incoming = all.filter { $0.draft.direction == .incoming }
    }

    subscript(direction: ClaimDirection?) -> [StoredClaim] {
        switch direction {
        case nil: return all
        case .outgoing: return outgoing
        case .incoming: return incoming
        }
    }
}
