import Foundation
#if canImport(_FoundationICU)
import _FoundationICU
#endif

/// Splits text into dictionary words with ICU's word break iterator for Thai, the one Foundation on
/// Linux carries (`_FoundationICU`, whose C functions are exported with a `swift_` prefix).
///
/// Thai runs words together; ICU finds the boundaries with its Thai dictionary and keeps, as a word,
/// only a run of letters (rule status "letter", "kana" or "ideograph"): spaces, punctuation, numbers
/// and emoji are not words. The classifier uses it while training, to learn the vocabulary it then
/// matches in new texts (``WordMatcher``), and for the vocabulary of the emerging topics
/// (``TopicVocabulary``). It costs tens of microseconds a text, too slow for the classifier's hot path
/// or a few months of cases, which is why those match the learned vocabulary instead.
///
/// One breaker holds one ICU iterator: create one per task, never share it between threads.
public final class WordBreaker {
    #if canImport(_FoundationICU)
    private let iterator: OpaquePointer?
    #endif

    public init() {
        #if canImport(_FoundationICU)
        var status = U_ZERO_ERROR
        let opened = swift_ubrk_open(UBRK_WORD, "th", nil, 0, &status)
        iterator = status.rawValue > U_ZERO_ERROR.rawValue ? nil : opened
        #endif
    }

    deinit {
        #if canImport(_FoundationICU)
        if let iterator { swift_ubrk_close(iterator) }
        #endif
    }

    /// The words of `text`, in order, as written (not normalised). Without ICU (a platform whose
    /// Foundation does not carry it), the runs of letters between spaces and punctuation.
    public func words(in text: String) -> [String] {
        #if canImport(_FoundationICU)
        guard let iterator else { return Self.lettersBetweenSeparators(text) }
        let units = Array(text.utf16)
        var words: [String] = []
        units.withUnsafeBufferPointer { buffer in
            var status = U_ZERO_ERROR
            swift_ubrk_setText(iterator, buffer.baseAddress, Int32(buffer.count), &status)
            guard status.rawValue <= U_ZERO_ERROR.rawValue else { return }
            var start = swift_ubrk_first(iterator)
            var end = swift_ubrk_next(iterator)
            while end != UBRK_DONE {
                let rule = swift_ubrk_getRuleStatus(iterator)
                if rule >= UBRK_WORD_LETTER.rawValue, rule < UBRK_WORD_IDEO_LIMIT.rawValue {
                    words.append(String(decoding: buffer[Int(start)..<Int(end)], as: UTF16.self))
                }
                start = end
                end = swift_ubrk_next(iterator)
            }
            swift_ubrk_setText(iterator, nil, 0, &status)
        }
        return words
        #else
        return Self.lettersBetweenSeparators(text)
        #endif
    }

    static func lettersBetweenSeparators(_ text: String) -> [String] {
        text.split(whereSeparator: { (c: Character) in !c.isLetter }).map(String.init)
    }
}
