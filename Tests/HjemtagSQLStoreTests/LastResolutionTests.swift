import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSchemes

/// The mellemkommunal payers are kept with everything they were resolved from and used only when
/// all of it is equal (issue 22 § 4): any changed input, whoever wrote it, resolves again.
@Suite("Mellemkommunal: the last resolution of the payers is used only for equal inputs")
struct LastResolutionTests {
    final class Count: @unchecked Sendable { var n = 0 }

    @Test("Equal inputs are resolved once; a changed mark, grant, limit or pension span resolves again")
    func keyedByInputs() throws {
        let cpr = try CPR(parsing: "0101701234")
        let day = Day(year: 2025, month: 1, day: 1)!
        let base = ResolutionInputs(episodes: [], marks: [], grants: [], abroadDays: 92, pensionYears: 6)
        let kept = LastResolution()
        let resolved = Count()
        func resolve(_ inputs: ResolutionInputs) {
            _ = kept.value(for: inputs) {
                resolved.n += 1
                return []
            }
        }
        resolve(base)
        resolve(base)
        #expect(resolved.n == 1)
        let changed = [
            ResolutionInputs(
                episodes: [], marks: [PassivityMark(cpr: cpr, from: day, reason: "kendte forholdene", setBy: "ada")], grants: [], abroadDays: 92,
                pensionYears: 6),
            ResolutionInputs(
                episodes: [], marks: [], grants: [PensionGrant(cpr: cpr, grantedOn: day, grantingMunicipality: 101)], abroadDays: 92,
                pensionYears: 6),
            ResolutionInputs(episodes: [], marks: [], grants: [], abroadDays: 93, pensionYears: 6),
            ResolutionInputs(episodes: [], marks: [], grants: [], abroadDays: 92, pensionYears: 5),
        ]
        for (i, inputs) in changed.enumerated() {
            resolve(inputs)
            #expect(resolved.n == 2 + i, "change \(i) must resolve again")
        }
        resolve(base)
        #expect(resolved.n == 6, "back to the first inputs: only the last resolution is kept")
    }
}
