import Testing

@testable import HjemtagCore

@Suite("CPR: forms, century rule, age, masking")
struct CPRTests {
    @Test("Accepts DDMMYY-SSSS, DDMMYYSSSS and 9 digits with the leading zero lost")
    func forms() throws {
        let a = try CPR(parsing: "010190-1234")
        #expect(a.digits == "0101901234")
        #expect(try CPR(parsing: "0101901234") == a)
        #expect(try CPR(parsing: "101901234") == a) // a spreadsheet dropped the 0
        #expect(try CPR(parsing: " 010190-1234 ") == a)
    }

    @Test("No modulus-11 check: a number issued after 2007 need not pass it")
    func noModulus11() throws {
        // 0101901235 fails modulus 11 (weights 4,3,2,7,6,5,4,3,2,1 give a sum not divisible by 11).
        #expect(throws: Never.self) { try CPR(parsing: "0101901235") }
    }

    @Test(
        "Century from the 7th digit (CPR-kontoret's table)",
        arguments: [
            ("0101301234", 1930), // 0-3: 1900s
            ("0101304234", 2030), // 4, YY <= 36: 2000s
            ("0101504234", 1950), // 4, YY > 36: 1900s
            ("0101369234", 2036), // 9, YY <= 36
            ("0101379234", 1937), // 9, YY > 36
            ("0101575234", 2057), // 5-8, YY <= 57
            ("0101585234", 1858), // 5-8, YY > 57: 1858-1899
            ("0101998234", 1899),
        ] as [(String, Int)])
    func century(text: String, year: Int) throws {
        #expect(try CPR(parsing: text).birthDate.year == year)
    }

    @Test("Impossible dates and wrong lengths are refused, without echoing the number")
    func refuses() {
        #expect(throws: CPRError.impossibleDate) { try CPR(parsing: "3102901234") }
        #expect(throws: CPRError.wrongLength(8)) { try CPR(parsing: "01019012") }
        #expect(throws: CPRError.notDigits) { try CPR(parsing: "01019O1234") }
        #expect(!CPRError.impossibleDate.description.contains("3102"))
    }

    @Test("Age turns on the birthday; 29 February turns on 1 March in ordinary years")
    func age() throws {
        let cpr = try CPR(parsing: "150557-1234") // 15.05.1957
        #expect(cpr.age(on: Day(year: 2024, month: 5, day: 14)!) == 66)
        #expect(cpr.age(on: Day(year: 2024, month: 5, day: 15)!) == 67)
        let leap = try CPR(parsing: "290260-1234")
        #expect(leap.birthday(turning: 67) == Day(year: 2027, month: 3, day: 1)!)
        #expect(leap.birthday(turning: 64) == Day(year: 2024, month: 2, day: 29)!)
    }

    @Test("Masked form hides the serial number; description is masked too")
    func masking() throws {
        let cpr = try CPR(parsing: "010190-1234")
        #expect(cpr.masked == "010190-XXXX")
        #expect("\(cpr)" == "010190-XXXX")
        #expect(cpr.formatted == "010190-1234")
    }
}
