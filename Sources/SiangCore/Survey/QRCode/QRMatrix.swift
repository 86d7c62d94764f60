import Foundation

/// The module grid of a ``QRCode`` while it is being built: function patterns (finders, timing,
/// alignment, format and version areas) are marked so the data and the masks leave them alone.
struct QRMatrix {
    let version: Int
    let size: Int
    var dark: [Bool]
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    subscript(x: Int, y: Int) -> Bool {
        get { dark[y * size + x] }
        set { dark[y * size + x] = newValue }
    }

    mutating func setFunction(_ x: Int, _ y: Int, _ value: Bool) {
        dark[y * size + x] = value
        isFunction[y * size + x] = true
    }

    /// Alignment pattern centres (ISO/IEC 18004 annex E) for versions 1-10.
    static let alignmentPositions: [[Int]] = [
        [], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            setFunction(6, i, i % 2 == 0)
            setFunction(i, 6, i % 2 == 0)
        }
        drawFinder(3, 3)
        drawFinder(size - 4, 3)
        drawFinder(3, size - 4)
        let positions = Self.alignmentPositions[version]
        let n = positions.count
        for i in 0..<n {
            for j in 0..<n where !((i == 0 && j == 0) || (i == 0 && j == n - 1) || (i == n - 1 && j == 0)) {
                drawAlignment(positions[i], positions[j])
            }
        }
        // Reserve the format areas now (real bits are drawn after masking) and draw the version.
        drawFormatBits(mask: 0)
        drawVersion()
    }

    mutating func drawFinder(_ cx: Int, _ cy: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = cx + dx, y = cy + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let distance = max(abs(dx), abs(dy))
                setFunction(x, y, distance != 2 && distance != 4)
            }
        }
    }

    mutating func drawAlignment(_ cx: Int, _ cy: Int) {
        for dy in -2...2 {
            for dx in -2...2 { setFunction(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    /// The 15 format bits (level M and the mask, BCH-protected and XOR-masked), twice, and the dark
    /// module.
    mutating func drawFormatBits(mask: Int) {
        let data = (0b00 << 3) | mask  // level M is 00
        var rem = data
        for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
        let bits = ((data << 10) | rem) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { setFunction(8, i, bit(i)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for i in 9..<15 { setFunction(14 - i, 8, bit(i)) }
        for i in 0..<8 { setFunction(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { setFunction(8, size - 15 + i, bit(i)) }
        setFunction(8, size - 8, true)
    }

    /// The 18 version bits of versions 7 and up, in the two 6 × 3 areas.
    mutating func drawVersion() {
        guard version >= 7 else { return }
        var rem = version
        for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
        let bits = (version << 12) | rem
        for i in 0..<18 {
            let value = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3, b = i / 3
            setFunction(a, b, value)
            setFunction(b, a, value)
        }
    }

    /// Places the codewords in the zigzag order: two-module columns from the right, upwards and
    /// downwards in turn, skipping the vertical timing pattern and every function module.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var i = 0
        let totalBits = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vert in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = ((right + 1) & 2) == 0
                    let y = upward ? size - 1 - vert : vert
                    if !isFunction[y * size + x], i < totalBits {
                        self[x, y] = (codewords[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
                    }
                    // Remainder bits stay light.
                }
            }
            right -= 2
        }
    }

    static func maskBit(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        default: ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    /// XORs a mask over the data modules (applying it twice undoes it).
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.maskBit(mask, x: x, y: y) {
                dark[y * size + x].toggle()
            }
        }
    }

    /// The penalty score of the symbol with `mask` and its format bits (lower is better).
    func penalty(withMask mask: Int) -> Int {
        var copy = self
        copy.applyMask(mask)
        copy.drawFormatBits(mask: mask)
        return copy.penaltyScore()
    }

    /// The four penalty rules of ISO/IEC 18004 section 7.8.3.
    func penaltyScore() -> Int {
        var result = 0
        for horizontal in [true, false] {
            for a in 0..<size {
                var runColor = false
                var run = 0
                var history = [Int](repeating: 0, count: 7)
                for b in 0..<size {
                    let color = horizontal ? self[b, a] : self[a, b]
                    if color == runColor {
                        run += 1
                        if run == 5 { result += 3 } else if run > 5 { result += 1 }
                    } else {
                        addHistory(run, &history)
                        if !runColor { result += countFinderLike(history) * 40 }
                        runColor = color
                        run = 1
                    }
                }
                result += terminateAndCount(runColor, run, &history) * 40
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let c = self[x, y]
                if c == self[x + 1, y], c == self[x, y + 1], c == self[x + 1, y + 1] { result += 3 }
            }
        }
        let darkCount = dark.filter { $0 }.count
        let total = size * size
        let k = (abs(darkCount * 20 - total * 10) + total - 1) / total - 1
        result += k * 10
        return result
    }

    private func addHistory(_ run: Int, _ history: inout [Int]) {
        var length = run
        if history[0] == 0 { length += size }  // the light quiet zone before the first run
        history.removeLast()
        history.insert(length, at: 0)
    }

    /// 1:1:3:1:1 dark-light patterns with four light modules on one side.
    private func countFinderLike(_ h: [Int]) -> Int {
        let n = h[1]
        let core = n > 0 && h[2] == n && h[3] == n * 3 && h[4] == n && h[5] == n
        return (core && h[0] >= n * 4 && h[6] >= n ? 1 : 0) + (core && h[6] >= n * 4 && h[0] >= n ? 1 : 0)
    }

    private func terminateAndCount(_ runColor: Bool, _ run: Int, _ history: inout [Int]) -> Int {
        var length = run
        if runColor {
            addHistory(length, &history)
            length = 0
        }
        length += size  // the light quiet zone after the last run
        addHistory(length, &history)
        return countFinderLike(history)
    }
}
