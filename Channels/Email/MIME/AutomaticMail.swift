/// Recognises mail a machine sent (auto-replies, bounces, list and bulk mail), which the channel
/// records but never answers, so two auto-responders cannot answer each other forever.
///
/// A message is automatic when any of these holds:
/// - `Auto-Submitted` is present and not `no` (RFC 3834);
/// - `Precedence` is `bulk`, `junk`, `list` or `auto_reply`;
/// - `From` is `mailer-daemon` or `postmaster` (any domain, any case);
/// - the top-level type is `multipart/report` (delivery and read reports, RFC 6522);
/// - `X-Autoreply` or `X-Autorespond` is present (and not `no`);
/// - `Return-Path` is the null path `<>`, which RFC 5321 reserves for notifications.
enum AutomaticMail {
    static func isAutomatic(_ headers: HeaderSection, from: EmailAddress?) -> Bool {
        if let value = headers.first("auto-submitted").map(firstToken), !value.isEmpty, value != "no" { return true }
        if let value = headers.first("precedence").map(firstToken),
           ["bulk", "junk", "list", "auto_reply"].contains(value) { return true }
        if let address = from?.address.lowercased() {
            let local = address.split(separator: "@", omittingEmptySubsequences: false).first.map(String.init) ?? address
            if local == "mailer-daemon" || local == "postmaster" { return true }
        }
        if headers.first("content-type").map({ ParameterizedValue($0).value == "multipart/report" }) ?? false { return true }
        for name in [headers.first("x-autoreply"), headers.first("x-autorespond")] {
            if let value = name.map(firstToken), value != "no" { return true }
        }
        if let returnPath = headers.first("return-path"),
           returnPath.filter({ !Byte.isWhitespace($0) }).elementsEqual([0x3C, 0x3E]) { return true }
        return false
    }

    /// The value up to the first ";" or blank, lowercased.
    private static func firstToken(_ value: ArraySlice<UInt8>) -> String {
        let trimmed = value.trimmingWhitespace()
        let end = trimmed.firstIndex { $0 == Byte.semicolon || Byte.isWhitespace($0) } ?? trimmed.endIndex
        return trimmed[..<end].lowercasedString()
    }
}
