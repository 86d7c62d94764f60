import Foundation
import Testing
@testable import SiangCore

/// The QR encoder of the service-point posters, held to matrices made by independent encoders:
/// segno 1.6.6 (`make_qr(data, error="m", mode="byte", boost_error=False, version=…, mask=…)`) with
/// its padding step corrected — it appends eight zero bits when the stream already ends on a
/// codeword boundary, which decoders ignore but which is not the canonical stream — and checked to
/// be identical to python-qrcode 8 for the same version and mask. Rows of dark modules without the
/// quiet zone, written as hex.
///
/// Where the mask is left to the encoder (`mask: nil`), encoders disagree: the standard's third
/// penalty rule (finder-like patterns) is read differently (segno and python-qrcode pick different
/// masks for the same data). The expected mask there is the lowest total of the four penalty rules
/// as Nayuki's reference implementation counts them (the quiet zone counts as light), computed in
/// Python over segno's eight matrices; the matrix is segno's with that mask.
@Suite struct SurveyQRCodeTests {
    struct QRVector: Sendable, CustomStringConvertible {
        var data: String
        var minVersion: Int
        var mask: Int?
        var version: Int
        var expectedMask: Int
        var hex: String
        var description: String { "\(data.prefix(24))… v\(version) mask \(mask.map(String.init) ?? "auto")" }
    }

    static let vectors: [QRVector] = [
        QRVector(data: "HELLO WORLD", minVersion: 1, mask: 0, version: 1, expectedMask: 0,
                 hex: "1fcd7f10594117415d17465d17595d1049411fd57f000700154a12148c62117dbf163c121671f4001e861fc637104f21" +
            "175e541742761755551046121fdb67"),
        QRVector(data: "https://voice.example.go.th/survey/point/ONESTOP", minVersion: 1, mask: nil, version: 4, expectedMask: 2,
                 hex: "1fc3deb7f1048f904117528dc5d175471c5d17522c45d1057794411fd55557f00116480017cbf857c1eb757a6f14e334" +
            "cd618b651b5e067306dba1f80f18c3085c4adce170cd3ef41fc40a7b1080bcf6ed09fea84b61b19acd3d01c091f3a103" +
            "1ac44917f3b989a16b9e0a5c15eead7f8001d179171fcfa5b56105131b1d1759269f81755f9a971754caa64104797ddc" +
            "1fd71a7e2"),
        QRVector(data: "http://127.0.0.1:8080/survey/point/HQ-1", minVersion: 1, mask: nil, version: 3, expectedMask: 2,
                 hex: "1fc6737f10452d411753635d17518a5d175ab25d105f70411fd5557f001f500017c9897c059842d11e5a2c501e9474d2" +
            "11473bac149992551a42e884090d94a208ca4984138116dd114a306c14ae60f2127b0bf7001edb1f1fc7f75c10559111" +
            "17544dfc175e9da31750e95a104ce3821fd3381c"),
        QRVector(data: "แบบสำรวจความพึงพอใจ", minVersion: 1, mask: 3, version: 4, expectedMask: 3,
                 hex: "1fdf0ff7f10556ac411744dd85d17560555d174b1ba5d1044706411fd55557f001eb1a0016e26ae4b1dbb82ef111f2a3" +
            "08209b01eed708757a2c41a85c241a0a5a01ed31fae2d5301b468ae150286a0e210959c6b3d1816d1a551eff5a6e7179" +
            "0faef107d9eb00a0a15eafd41746ca1f10013c2d1a1fd8b1b53105dae110174928df5175590c71175e6697c104c41905" +
            "1fd26ad84"),
        QRVector(data: String(repeating: "a", count: 25), minVersion: 2, mask: 5, version: 2, expectedMask: 5,
                 hex: "1fcac7f1055141175965d175095d174515d10431411fd557f001f4001057ece1aaa63414e53631b954cb026136b1a903" +
            "2014ff36313961df104fffd00111101fc2d55104d71b174dffc17427c71744221104d5691fdb179"),
        QRVector(data: String(repeating: "0123456789", count: 4), minVersion: 3, mask: 6, version: 3, expectedMask: 6,
                 hex: "1fdc997f10591e411752a65d1747cc5d17560b5d104cd4411fd5557f000d930013f62f970a17b3961757789a00883c30" +
            "105d64c3109d21d70feeb2db093f31971e6e768a12a5baba1867225719ba440c19c0eff70012731e1fdb635210575911" +
            "175ae7f21758aa251743a417104916d51fd91528"),
        QRVector(data: String(repeating: "x", count: 60), minVersion: 4, mask: 7, version: 4, expectedMask: 7,
                 hex: "1fc4aaa7f1040f8e4117489c75d1747c555d174b48e5d1057e38411fd55557f000f38e0012dce38a01a0fd554d1ddbc7" +
            "1850f81a38fb186b6aae81faa471df1f449c75e0624aaab218fc38e7a08a41c7041a74955170ea4f8e2017fea38a103b" +
            "a9554d19ecc71850986238fb1161aabfa001c0711f1fc01c55e1053aa912174bf8dfa17541c4541745954b51045f8d70" +
            "1fdb63902"),
        QRVector(data: String(repeating: "survey-", count: 12), minVersion: 5, mask: 1, version: 5, expectedMask: 1,
                 hex: "1fd925c87f104171c541175a8bca5d17438bdd5d174074c85d10552549411fd555557f000e956200146b722225121a0f" +
            "77e31e57aab6590e321562aa0efc932241149127f7e317e6e7e2c9173a47514a08c0936041190367b3eb026627e2c91c" +
            "3d47514b17e502614b1c9537b2eb11deebaa590fbd16647b186a62214b010db7f66b1a546baa55020c9664781dc73221" +
            "f10014b77f1b1fdcf66d55104bb1571a174a7207f01745f77a961750766db510433157a01fd3221569"),
        QRVector(data: String(repeating: "y", count: 100), minVersion: 6, mask: 2, version: 6, expectedMask: 2,
                 hex: "1fcde36db7f1045f583541175680d605d1756176db5d175dab6db5d1051b5835411fd5555557f0016c0d600017ce1b6d" +
            "b7c0fa2cb6db7503c5f5835f81fa370d60080d76fa6db2f1f20d96db750ac6e6835f816a353d600817f6cb6db2f0c8a5" +
            "b6db7516e869835f81b29bcd60081ae043adb2f0c865f2db7510e465835f81d2130d600a1efd8b6db2c19971b6db751c" +
            "6835835f8148fc0d60081e511b6db2f1897686db75156a15835f8148cf0d600814d0396dbff0017d36db151fccd54375" +
            "810567016318175457ed9ff175fd32da27175819835781042bcd63fa1fd9536da0c"),
        QRVector(data: String(repeating: "z", count: 120), minVersion: 7, mask: 4, version: 7, expectedMask: 4,
                 hex: "1fdee965e97f1041b271a241174e1d74fa5d17510335e35d175f99f5ef5d10529b11a8411fd55555557f00156d14fb00" +
            "117bb9fa16f915395665eb5010456c8e53ee0f3d6c74fb411a578eca16aa10be6a65eb501440df8e53ee0ca58e74fb41" +
            "174f6eca16aa03a6aa65eb500160df8e53ee1d257e74fb4105fd4ffa17fa15167915eb100d58c95e515e09102314fb11" +
            "15f8c5fa15fa1584fcc5eba00c65c89e51ae09062284f9e016c0d08a15ba13afe4c5eba01477dc9e51ae0b131284f9e1" +
            "0248088a15ba1aa324c5eba001771c9e51ae0f13e284f9e1136939fa15fa00119515e9101fd4b75e515e10406314fb11" +
            "1755bbfa17fa17469a85eab01747b53e505e10426794fba01fd4a17a1419"),
        QRVector(data: "https://voice.example.go.th/survey/point/" + String(repeating: "Q", count: 100), minVersion: 8, mask: nil, version: 8, expectedMask: 1,
                 hex: "1fde7d625517f104d406388f4117524af119b5d1743a0be62a5d174ce4fd5505d105455c4444411fd555555557f0007b" +
            "746223001462617d5552510976e1aaaaa31bc22943775750dab34a11306901c13d57755940c2d0428aaa231ec1a97655" +
            "5b50cb9d82022028054f6957555560916d6aaaaaaa187a0d777757d0a8b0cb2a243a05dbed151567300ad1a12aaaba03" +
            "f35dffbbbfd0b1d50c622312055df2d55555b11136ec6aa9110ff4c3ff775f50920bc491118a1bfc87dd556d60f05ff4" +
            "c898a117c5269544655099ca7ce2218a0b46891d556141c1902aaaa8ea1d65a997776dd0eb9f08aee14a0ad905dd152d" +
            "30ca3366a2a8ae08d63957b3a510e1ff40a2238a1c63e0fd557f7001eda46aab111fd6c457775551046b7471131b1748" +
            "3d7d575f4174bb4bd8aa30175e2dd875556104638ae222881fdf3d5d55775"),
        QRVector(data: String(repeating: "w", count: 170), minVersion: 9, mask: 3, version: 9, expectedMask: 3,
                 hex: "1fd996adf29c7f105948b27ca641174ed4b69f225d175b6d20a7cd5d174824df29f45d104c59d1ca7c411fd555555555" +
            "7f00192cd129f30016e4afffca7d4b1cb2c579f29e2911509e9a7ca6ca1d16fba29f28f209ee122ca7cb7c0c07adcf29" +
            "f39f04fe44f7ca7da7029cce79f29e291c65be9a7ca6ca17b5d6a29f28f2007737aca7cb7c158fde8f29f39f1a631577" +
            "ca7da70e829638f29e2917c48a887ca6ca1d2694839f28f21bf4213fa7cbfc111b46f129f31f175294d5ca7d57071a6d" +
            "51f29d191dfe5c9f7ca7fa148f91b59f29a20c7d1201a7c92c111430de29f2cd146883daca7ff40d242b68729f79176b" +
            "fdbfbca49a0121eab79f29a20771f409a7c92c15b7d4da29f2cf18e91592ca7ff70c38dfecf29f791fc745ff7ca49a14" +
            "972c779f29a21bcca609a7c92c0c2a30da29f2cf025a87dfca7ff70013db51f29f191fd484357ca75a105db3f19f2912" +
            "174565bfa7c9fc1759debf29f29d175b5ff7ca7ca4104315eab29f2a1fd80f0bfca7ca"),
        QRVector(data: String(repeating: "v", count: 200), minVersion: 10, mask: nil, version: 10, expectedMask: 2,
                 hex: "1fc4167bd0bd67f104b0b0ca7caa411754a9f9e29fe5d1751e0240f4225d17551277e0bd25d105a038c47ca4411fd555" +
            "55555557f00152d3c729f30017c11cafef42e7c1714263bd0bd3bf137bf344a7ca4c21424bdf8f29f39d08616c5e2f42" +
            "e4a0314a6acd0bd3bf1777f3c6a7ca4c212205d2df29f39c0de9ad202f42e49041ca63bd0bd3bf17fbf104a7ca4c2169" +
            "c52f9b29f39d0c6aa32c2f42e4a04a4a6bb90bd3bf1ee0ff0467ca4c216b452f9c29f39d0c71ac2c3f42e4a04a7a4bbd" +
            "0bd3bf17f0fc0ff7ca5f21f1595f4729f31d1352ac256f42f5a171404bc50bd11f07f0cccfe7ca7f20287d534b29f2cd" +
            "18f21cfdef42d9a0424f45010bd24c04d44cbfe7ca4b304af35d4b29f2cc197eada2ef42d9804acf53510bd24f02d44e" +
            "c3e7ca4b2042728f5b29f2cd1872aa2def42d9a052ff77010bd24f13da4dcfe7ca4b20ca026f4829f2cd19e4a32d4f42" +
            "d9a040bf470d0bd24f14ea8acf67ca4b21f33a0f4f29f2cd0067ff2fef42dfa0019b07c50bd11f1fcb1ac567ca752105" +
            "320b4729f31d17577f1fef42dfa175930add0bd29c1757aac827ca740104fb067f29f0bc1fdb3da8af42fca"),
    ]

    /// The reference rows as 0/1 text, from the hex (each row padded to whole hex digits).
    static func rows(_ v: QRVector) -> [String] {
        let size = 17 + 4 * v.version
        let digits = (size + 3) / 4
        let chars = Array(v.hex)
        return (0..<size).map { r in
            let bits = chars[(r * digits)..<((r + 1) * digits)].map { c -> String in
                let s = String(Int(String(c), radix: 16)!, radix: 2)
                return String(repeating: "0", count: 4 - s.count) + s
            }.joined()
            return String(bits.suffix(size))
        }
    }

    @Test(arguments: vectors)
    func matchesTheReferenceEncoder(_ v: QRVector) throws {
        let code = try QRCode.encode(v.data, minVersion: v.minVersion, mask: v.mask)
        #expect(code.version == v.version)
        #expect(code.size == 17 + 4 * v.version)
        #expect(code.mask == v.expectedMask, "mask chosen by the penalty rules")
        let mine = code.text.split(separator: "\n").map(String.init)
        let reference = Self.rows(v)
        #expect(mine.count == reference.count)
        let differing = zip(mine, reference).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(differing.isEmpty, "rows that differ: \(differing)")
    }

    @Test func refusesWhatDoesNotFitInVersion10() {
        #expect(QRCode.capacity(version: 10) == 213)
        #expect(QRCode.capacity(version: 1) == 14)
        #expect(throws: QRCodeError.tooLong(bytes: 214, max: 213)) { try QRCode.encode(String(repeating: "a", count: 214)) }
        #expect(throws: QRCodeError.invalidMask(8)) { try QRCode.encode("a", mask: 8) }
    }

    @Test func picksTheSmallestVersionThatHoldsTheData() throws {
        #expect(try QRCode.encode(String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode.encode(String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode.encode(String(repeating: "a", count: 213)).version == 10)
    }

    @Test func svgDrawsEveryDarkModuleInsideAQuietZone() throws {
        let code = try QRCode.encode("https://voice.example.go.th/survey/point/ONESTOP")
        let svg = code.svg(border: 4, pixelsPerModule: 10, title: "จุดบริการ <1>")
        let side = code.size + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("width=\"\(side * 10)\""))
        #expect(svg.contains("<title>จุดบริการ &lt;1&gt;</title>"))
        // Sum the run lengths of the path: they cover exactly the dark modules.
        let runs = svg.split(separator: "h").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(runs.reduce(0, +) == code.modules.filter { $0 }.count)
        #expect(svg.contains("M4 4h7v1h-7z"), "the top-left finder's first row starts at the quiet zone")
    }
}
