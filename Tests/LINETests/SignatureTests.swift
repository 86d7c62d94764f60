import Crypto
import Foundation
import LINE
import Testing

@Suite struct SignatureTests {
    let body = Data(#"{"destination":"U0bot","events":[{"type":"message","message":{"type":"text","id":"1","text":"ไฟดับ"}}]}"#.utf8)

    /// The signature as LINE documents it: base64 of HMAC-SHA256 over the body, keyed by the secret.
    func documented(_ body: Data, secret: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))).base64EncodedString()
    }

    @Test func aBodySignedWithTheChannelSecretIsAccepted() throws {
        let verifier = try #require(LINESignature(channelSecret: "s3cret"))
        #expect(verifier.sign(body) == documented(body, secret: "s3cret"))
        #expect(verifier.isValid(documented(body, secret: "s3cret"), body: body))
    }

    @Test func aTamperedBodyIsRefused() throws {
        let verifier = try #require(LINESignature(channelSecret: "s3cret"))
        let signature = documented(body, secret: "s3cret")
        var tampered = body
        tampered[tampered.count - 5] ^= 0x01
        #expect(!verifier.isValid(signature, body: tampered))
        // Re-encoded JSON with the same meaning is a different body too.
        let reencoded = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: body), options: [.prettyPrinted])
        #expect(!verifier.isValid(signature, body: reencoded))
    }

    @Test func aSignatureMadeWithAnotherSecretIsRefused() throws {
        let verifier = try #require(LINESignature(channelSecret: "s3cret"))
        #expect(!verifier.isValid(documented(body, secret: "other-secret"), body: body))
    }

    @Test func aMissingOrMalformedSignatureIsRefused() throws {
        let verifier = try #require(LINESignature(channelSecret: "s3cret"))
        #expect(!verifier.isValid(nil, body: body))
        #expect(!verifier.isValid("", body: body))
        #expect(!verifier.isValid("not base64 !!", body: body))
        #expect(!verifier.isValid(Data([1, 2, 3]).base64EncodedString(), body: body))
    }

    @Test func anEmptySecretGivesNoVerifier() {
        #expect(LINESignature(channelSecret: "") == nil)
    }
}
