import Hummingbird

// The same-run baseline for the HTTP benchmarks: Hummingbird with no middleware, no store and no
// templates, answering the smallest JSON it can. Siang's figures are reported as a ratio to this.
let router = Router()
router.get("/ping") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
}
router.post("/echo") { request, _ in
    let body = try await request.body.collect(upTo: 1 << 20)
    return Response(status: .created, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"bytes":\#(body.readableBytes)}"#)))
}
let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 18081
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
