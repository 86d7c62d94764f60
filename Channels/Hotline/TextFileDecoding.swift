import Foundation

/// A whole text file read in UTF-8 or Windows-874 with the hotline log's detector
/// (``HotlineTextEncoding``, `EncodingSniffer`), for files read at once rather than streamed — the
/// survey CSV exports of `siang import survey`, which Excel on Thai Windows saves in Windows-874.
///
/// Unlike the streaming hotline reader, which takes the first non-ASCII chunk's word, the whole file
/// must be valid in the encoding chosen: a file that is neither (UTF-16 from Excel's "Unicode text",
/// Shift-JIS) is refused as a whole, so nothing of it is imported as mojibake.
public enum TextFileDecoding {
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// `--encoding utf-8` for bytes that are not UTF-8.
        case notUTF8
        /// `--encoding windows-874` for bytes Windows-874 does not define.
        case notWindows874
        /// `--encoding auto` and the bytes are neither.
        case neither

        public var description: String {
            switch self {
            case .notUTF8:
                "the file is not UTF-8 text; give --encoding windows-874 (TIS-620) or --encoding auto"
            case .notWindows874:
                "the file is not Windows-874 (TIS-620) text; give --encoding utf-8 or --encoding auto"
            case .neither:
                "the file is neither UTF-8 nor Windows-874 (TIS-620) text; save it again as CSV UTF-8 (in Excel: CSV UTF-8 (Comma delimited))"
            }
        }
    }

    /// The text of `data` and the encoding it was read in (never `.auto`).
    public static func decode(_ data: Data, encoding: HotlineTextEncoding) throws(Failure) -> (text: String, encoding: HotlineTextEncoding) {
        let bytes = [UInt8](data)
        var chosen = encoding
        if chosen == .auto {
            var sniffer = EncodingSniffer()
            sniffer.feed(bytes)
            chosen = sniffer.decideNow() ?? .utf8  // all ASCII reads the same in both
        }
        switch chosen {
        case .windows874:
            guard bytes.allSatisfy({ $0 < 0x80 || Windows874.upperHalf[Int($0) - 0x80] != 0xFFFD }) else {
                throw encoding == .auto ? .neither : .notWindows874
            }
            return (Windows874.decode(bytes[...]), .windows874)
        case .utf8, .auto:
            guard UTF8Check.scan(bytes[...]) == .valid else { throw encoding == .auto ? .neither : .notUTF8 }
            return (String(decoding: bytes, as: UTF8.self), .utf8)
        }
    }
}
