import Foundation

/// Reads a raw Internet message (RFC 5322 with MIME) into a ``ParsedEmail``: the identifiers the
/// pipeline keys and threads on, the sender, the readable text and the attachments.
///
/// Use it on the bytes exactly as IMAP returned them. It never throws and never drops a message:
/// missing boundaries, bad base64, unknown charsets, huge header lines, LF-only line endings,
/// missing blank lines and NUL bytes all give the best readable result plus
/// ``ParsedEmail/warnings``. Thai charsets (TIS-620, Windows-874, ISO-8859-11) are read natively.
/// Pure and I/O-free, safe to call from any task.
public enum MIMEParser {
    public static func parse(_ raw: [UInt8]) -> ParsedEmail {
        var diagnostics = Diagnostics()
        if raw.isEmpty { diagnostics.warn("The message is empty.") }
        let (headers, body) = HeaderParser.split(raw[...], path: PartPath(), diagnostics: &diagnostics)

        let subject = headers.first("subject").map { value in
            HeaderText.string(EncodedWords.decode(value, subject: "Header Subject", diagnostics: &diagnostics)[...],
                              collapsingWhitespace: true, subject: "Header Subject", diagnostics: &diagnostics)
        }
        let fromHeader = headers.first("from")
        let from = fromHeader.flatMap { AddressParser.firstMailbox($0, header: "From", diagnostics: &diagnostics) }
        if fromHeader == nil {
            diagnostics.warn("Header From: missing.")
        } else if from == nil {
            diagnostics.warn("Header From: no readable address.")
        }
        let replyTo = headers.first("reply-to").flatMap { AddressParser.firstMailbox($0, header: "Reply-To", diagnostics: &diagnostics) }
        let dateHeader = headers.first("date")
        let date = dateHeader.flatMap(EmailDate.parse)
        if dateHeader != nil, date == nil {
            diagnostics.warn("Header Date: not a readable date; left empty.")
        }

        var walker = MessageBody(diagnostics: diagnostics)
        let segments = walker.walk(headers: headers, body: body, path: PartPath(), depth: 0)
        let text = walker.render(segments)
        diagnostics = walker.diagnostics

        let publicHeaders = EmailHeaders(headers.fields.map { field in
            let name = String(decoding: field.name, as: UTF8.self)
            let value = HeaderText.string(TextDecoder.headerText(field.value)[...], collapsingWhitespace: false,
                                          subject: "Header \(name)", diagnostics: &diagnostics)
            return EmailHeader(name: name, value: value)
        })

        return ParsedEmail(
            messageID: headers.first("message-id").flatMap { MessageIdentifiers.all($0).first },
            inReplyTo: headers.first("in-reply-to").flatMap { MessageIdentifiers.all($0).first },
            references: headers.all("references").flatMap(MessageIdentifiers.all),
            subject: subject,
            from: from,
            replyTo: replyTo,
            date: date,
            autoSubmitted: headers.first("auto-submitted").map { String(decoding: $0, as: UTF8.self) },
            precedence: headers.first("precedence").map { String(decoding: $0, as: UTF8.self) },
            isAutomatic: AutomaticMail.isAutomatic(headers, from: from),
            text: text,
            attachments: walker.attachments,
            warnings: diagnostics.warnings,
            contentHash: SHA256.hex(raw),
            headers: publicHeaders)
    }

    /// Reads a message held in `Data`.
    public static func parse(_ data: Data) -> ParsedEmail {
        parse([UInt8](data))
    }
}
