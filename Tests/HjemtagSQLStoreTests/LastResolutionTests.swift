import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSchemes

/// The mellemkommunal payers are kept with everything they were resolved from and used only when
/// all of it is equal (issue 22 § 4): any changed input, whoever wrote it, resolves again.
@Suite("Mellemkommunal: the last resolution of the payers is used only for equal inputs")
struct LastResolutionTests {
    final class Count: @unchecked Sendable { var n = 0 }

    static func inputs(marks: [PassivityMark] = [], grants: [PensionGrant] = [], abroadDays: Int = 92, pensionYears: Int = 6)
        -> ResolutionInputs
    {
        ResolutionInputs(
            episodes: [], marks: marks, grants: grants,
            settings: .init(deadlineYears: 3, abroadDays: abroadDays, pensionYears: pensionYears, references: []))
    }

    @Test("Equal inputs are resolved once; a changed mark, grant, limit or pension span resolves again")
    func keyedByInputs() async throws {
        let cpr = try CPR(parsing: "0101701234")
        let day = Day(year: 2025, month: 1, day: 1)!
        let base = Self.inputs()
        // The type `IntermunicipalService.lastResolution` is; a fresh one, as other tests use that.
        let kept = KeptValue<ResolutionInputs, [IntermunicipalPerson]>()
        let resolved = Count()
        func resolve(_ inputs: ResolutionInputs) async {
            _ = await kept.value(at: inputs) {
                resolved.n += 1
                return []
            }
        }
        await resolve(base)
        await resolve(base)
        #expect(resolved.n == 1)
        let changed = [
            Self.inputs(marks: [PassivityMark(cpr: cpr, from: day, reason: "kendte forholdene", setBy: "ada")]),
            Self.inputs(grants: [PensionGrant(cpr: cpr, grantedOn: day, grantingMunicipality: 101)]),
            Self.inputs(abroadDays: 93),
            Self.inputs(pensionYears: 5),
        ]
        for (i, inputs) in changed.enumerated() {
            await resolve(inputs)
            #expect(resolved.n == 2 + i, "change \(i) must resolve again")
        }
        await resolve(base)
        #expect(resolved.n == 6, "back to the first inputs: only the last resolution is kept")
    }
}
