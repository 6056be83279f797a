import Testing

@testable import HjemtagWeb

@Suite("Route paths with their parameter filled in")
struct RoutePathTests {
    @Test("Every route with a parameter gets the number in its place and nothing else changes")
    func filled() {
        #expect(Route.sdeSubject.path(5) == "/sde/emne/5")
        #expect(Route.setFindingStatus.path(132_155) == "/fund/132155/status")
        #expect(Route.intermunicipalPerson.path(42) == "/mellemkommunal/borger/42")
        #expect(Route.findings.path(7) == Route.findings.pattern)
        for route in Route.allCases where route.pattern.contains(":") {
            let filled = route.path(31)
            #expect(!filled.contains(":"), "\(route.pattern)")
            #expect(filled.split(separator: "/").count == route.pattern.split(separator: "/").count, "\(route.pattern)")
            #expect(filled.contains("/31"), "\(route.pattern)")
        }
    }
}
