import Testing
@testable import Email

@Suite("HTML to text")
struct HTMLToTextTests {
    private func convert(_ html: String) -> String {
        String(decoding: HTMLToText.convert(Array(html.utf8)), as: UTF8.self)
    }

    @Test func blocksBecomeLinesAndParagraphs() {
        #expect(convert("<p>หนึ่ง</p><p>สอง</p>") == "หนึ่ง\n\nสอง")
        #expect(convert("<div>หนึ่ง</div><div>สอง</div>") == "หนึ่ง\nสอง")
        #expect(convert("หนึ่ง<br>สอง<BR/>สาม<br><br>สี่") == "หนึ่ง\nสอง\nสาม\n\nสี่")
        #expect(convert("<ul><li>ก</li><li>ข</li></ul>") == "- ก\n- ข")
        #expect(convert("<table><tr><td>ก</td><td>ข</td></tr><tr><th>ค</th></tr></table>") == "ก ข\nค")
    }

    @Test func hiddenContentIsDropped() {
        #expect(convert("<head><title>t</title><style>p{}</style></head><body>ก</body>") == "ก")
        #expect(convert("ก<script>if (a < b) { x = '</p>' }</script>ข") == "กข")
        #expect(convert("ก<!-- <p>ซ่อน</p> -->ข") == "กข")
        #expect(convert("<STYLE type=\"text/css\">.x{}</STYLE>ก") == "ก")
        #expect(convert("<!DOCTYPE html><?xml version=\"1.0\"?>ก") == "ก")
    }

    @Test func headWithoutItsEndTagEndsAtBody() {
        #expect(convert("<html><head><meta charset=utf-8><body>ก</body>") == "ก")
        #expect(convert("<head>ก") == "ก")
    }

    @Test func entities() {
        #expect(convert("&#3588;&#x0E04;&#X0e04;") == "คคค")
        #expect(convert("a&nbsp;&nbsp;b &amp; &lt;c&gt; &quot;d&quot; &apos;e&apos;") == "a b & <c> \"d\" 'e'")
        #expect(convert("&hellip;&mdash;&ldquo;x&rdquo;") == "…—“x”")
        #expect(convert("AT&T &amp &unknown; &#0; &#xD800; & x") == "AT&T & &unknown; \u{FFFD} \u{FFFD} & x")
    }

    @Test func whitespaceCollapsesExceptInPre() {
        #expect(convert("  ก \n\t ข  ") == "ก ข")
        #expect(convert("<p>  ก  </p>\n\n\n<p>  ข </p>") == "ก\n\nข")
        #expect(convert("<pre>ก  ข\n  ค</pre>") == "ก  ข\n  ค")
    }

    @Test func attributesWithAngleBracketsAndStrayLessThan() {
        #expect(convert("<a href=\"x?a>b\" title='c>d'>ลิงก์</a>") == "ลิงก์")
        #expect(convert("1 < 2 และ 3 > 2") == "1 < 2 และ 3 > 2")
    }

    @Test func metaCharsetIsFound() {
        let html = Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-874\">".utf8)
        #expect(HTMLToText.declaredCharset(html[...]).map { String(decoding: $0, as: UTF8.self) } == "windows-874")
        #expect(HTMLToText.declaredCharset(Array("<meta charset='tis-620'/>".utf8)[...]).map { String(decoding: $0, as: UTF8.self) } == "tis-620")
        #expect(HTMLToText.declaredCharset(Array("<p>none</p>".utf8)[...]) == nil)
    }
}
