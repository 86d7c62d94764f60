/// Finding one text inside another by their UTF-8 bytes.
///
/// Routing looks for each rule's keywords in every new case; Foundation's `contains` goes through
/// NSString and compares grapheme clusters, which cost more than the rest of triage together on a bulk
/// import. Byte comparison gives the same answer for texts in the same normalisation form, which is what
/// people type and what the shipped keywords are (NFC).
public enum UTF8Search {
    /// Whether `needle` occurs in `haystack`; an empty needle occurs nowhere (as with Foundation).
    public static func contains(_ needle: String, in haystack: String) -> Bool {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { n in haystack.withUTF8 { h in contains(n, in: h) } }
    }

    public static func contains(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        let m = needle.count
        guard m > 0, m <= haystack.count else { return false }
        // Thai characters all start with the byte 0xE0, so the last byte tells candidates apart best.
        let first = needle[0]
        let last = needle[m - 1]
        var i = 0
        let end = haystack.count - m
        while i <= end {
            if haystack[i + m - 1] == last && haystack[i] == first {
                var j = 1
                while j < m - 1 && haystack[i + j] == needle[j] { j += 1 }
                if j >= m - 1 { return true }
            }
            i += 1
        }
        return false
    }
}
