import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    public func households() async throws -> [HouseholdMembership] {
        try await reading {
            try await rows("SELECT id, cpr, household, valid_from, valid_to FROM households ORDER BY id", table: "households", SQLStore.membership)
        }
    }

    public func departments(of cpr: CPR) async throws -> Set<String> {
        try await reading {
            Set(
                try await rows("SELECT department FROM person_departments WHERE cpr = \(bind: cpr.digits)").map {
                    try StoredRow($0, table: "person_departments").text("department")
                })
        }
    }

    public func departmentNames() async throws -> [String] {
        // Only an import and a retention deletion write the pairs: kept at the inputs' version.
        try await reading {
            try await keptInput(departmentsKept) {
                // From one department to the next through the index: a DISTINCT read all 191.918
                // citizen-department pairs of Copenhagen on every view of the findings list.
                try await rows(
                    """
                    WITH RECURSIVE d (department) AS (
                        SELECT MIN(department) FROM person_departments
                        UNION ALL
                        SELECT (SELECT MIN(p.department) FROM person_departments p WHERE p.department > d.department) FROM d WHERE d.department IS NOT NULL)
                    SELECT department FROM d WHERE department IS NOT NULL ORDER BY department
                    """, table: "person_departments"
                ) {
                    try $0.text("department")
                }
            }
        }
    }

    public func persons(inDepartments departments: [String]) async throws -> Set<CPR> {
        guard !departments.isEmpty else { return [] }
        return try await reading {
            var q = SQLQueryString("SELECT DISTINCT cpr FROM person_departments WHERE department IN (")
            for (i, d) in departments.enumerated() {
                if i > 0 { q.appendInterpolation(unsafeRaw: ", ") }
                q.appendInterpolation(bind: d)
            }
            q.appendInterpolation(unsafeRaw: ")")
            return Set(try await rows(q, table: "person_departments") { try $0.cpr("cpr") })
        }
    }

    public func households(sharingWith cpr: CPR) async throws -> [HouseholdMembership] {
        try await reading {
            try await rows(
                """
                SELECT id, cpr, household, valid_from, valid_to FROM households
                WHERE household IN (SELECT household FROM households WHERE cpr = \(bind: cpr.digits)) ORDER BY id
                """, table: "households", SQLStore.membership)
        }
    }

    static func membership(_ r: StoredRow) throws -> HouseholdMembership {
        HouseholdMembership(
            cpr: try r.cpr("cpr"), household: try r.text("household"), from: try r.day("valid_from"), to: try r.optionalDay("valid_to"))
    }
}
