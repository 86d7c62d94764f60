import ArgumentParser
import Email
import Foundation
import Hotline
import HummingbirdBcrypt
import LINE
import Logging
import SiangCore
import SiangDelivery
import SiangPipeline
import SiangServer
import SiangStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the citizen pages, staff API and webhooks.")

    @OptionGroup var common: CommonOptions
    @Option(name: .long, help: "Address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, help: "Port to listen on.") var port = 8080
    @Option(name: .long, help: "PostgreSQL URL for the scale-out store (not available in this build).") var databaseUrl: String?

    static let shippedBaseURL = "http://127.0.0.1:8080"

    func run() async throws {
        if databaseUrl != nil {
            throw Failure("the PostgreSQL store is not part of this build yet; leave out --database-url to use the embedded SQLite store")
        }
        var runtime = try Runtime(common)
        // Links in answers point at this server unless the agency set its public address.
        if runtime.configuration.agency.publicBaseURL == Self.shippedBaseURL, (host, port) != ("127.0.0.1", 8080) {
            runtime.configuration.agency.publicBaseURL = "http://\(host):\(port)"
        }
        var logger = Logger(label: "siang")
        logger.logLevel = .info
        fitConnectionCap(&runtime.configuration.server)
        try await Self.ensureDemoLogin(store: runtime.store)
        let services = try await SiangServices(configuration: runtime.configuration, store: runtime.store, dataDirectory: runtime.dataDirectory)
        let app = SiangApplication.make(services: services, host: host, port: port, logger: logger)
        let hotline = runtime.configuration.hotline
        let hotlineInbox = try Self.hotlineInbox(hotline, services: services, logger: logger)
        // One escalation ticker per deployment; the embedded store serves one process.
        let ticker = EscalationTicker(store: runtime.store, sla: services.sla, configuration: runtime.configuration)
        let tickerTask = Task { await ticker.run() }
        defer { tickerTask.cancel() }
        // LINE: webhook bodies stored by the route (and any left from before a crash) are processed here;
        // the outbox dispatcher sends the answers and pushes.
        let lineAPI = LINEAPIClient(settings: runtime.configuration.line)
        let lineProcessor = LINEInboxProcessor(pipeline: services.pipeline, api: lineAPI, attachments: services.attachments,
                                               staffLinks: runtime.store)
        let lineTask = Task { await lineProcessor.run() }
        defer { lineTask.cancel() }
        // Scoring core: pushes queued exports, and queues the monthly one (docs/scoring-core.md).
        let scoringCore = try ScoringCoreExport.serving(runtime, configFile: common.config)
        // Escalations and service recovery become one notice per staff recipient and channel, which the
        // LINE and email deliverers send (README "Notices to staff").
        let deliverers: [any OutboxDeliverer] = [LINEDeliverer(api: lineAPI, store: runtime.store, contacts: runtime.store),
                                                 EmailDeliverer(configuration: runtime.configuration, store: runtime.store, contacts: runtime.store),
                                                 StaffNoticeFanout(store: runtime.store, contacts: runtime.store, configuration: runtime.configuration)]
            + (scoringCore.map { [$0.deliverer] } ?? [])
        let scoringCoreTask = scoringCore?.scheduler.map { scheduler in Task { await scheduler.run() } }
        defer { scoringCoreTask?.cancel() }
        let outboxTask = Task { await OutboxDispatcher(store: runtime.store, deliverers: deliverers).run() }
        defer { outboxTask.cancel() }
        // The daily digest to supervisors and executives (notifications.digestTime, business days only).
        let digest = StaffDigest(figures: runtime.store, outbox: runtime.store, contacts: runtime.store,
                                 configuration: runtime.configuration, calendar: services.sla.calendar)
        let digestTask: Task<Void, Never>? = runtime.configuration.notifications.digestTime.isEmpty ? nil : Task { await digest.run() }
        defer { digestTask?.cancel() }
        // Email: the mailbox is polled when one is configured (email.imapURL).
        let email = runtime.configuration.email
        let mailTask: Task<Void, Never>? = email.imapURL.isEmpty ? nil : Task {
            let ingestor = EmailIngestor(pipeline: services.pipeline, store: runtime.store, attachments: services.attachments)
            await IMAPPoller(account: CurlMail.Account(url: email.imapURL, user: email.imapUser, password: email.imapPassword),
                             ingestor: ingestor, store: runtime.store).run()
        }
        defer { mailTask?.cancel() }
        // Hotline: logs dropped into the watched folder (hotline.watchFolder) go through the same pipeline,
        // so their cases are classified and routed as `siang import hotline` would.
        let hotlineTask = hotlineInbox.map { inbox in Task { await inbox.run(every: .seconds(hotline.watchIntervalSeconds)) } }
        defer { hotlineTask?.cancel() }
        if let hotlineInbox {
            say("siang: importing hotline logs dropped into \(hotlineInbox.folder) (every \(hotline.watchIntervalSeconds) s)")
        }
        if scoringCore != nil {
            say("siang: delivering scoring-core exports to \(runtime.configuration.scoringCore.url)"
                + (scoringCore?.scheduler == nil ? "" : "; the monthly export is queued at 02:00 on each month's first business day"))
        }
        say("siang: serving on http://\(host):\(port) (data in \(runtime.dataDirectory))")
        try await app.runService()
    }

    /// Raises the open-file limit and lowers `server.maxConnections` to what it can hold, saying so.
    func fitConnectionCap(_ settings: inout ServerSettings) {
        guard let soft = FileLimit.raise() else { return }
        let fitted = FileLimit.fittedCap(configured: settings.maxConnections, softLimit: soft, headroom: SiangApplication.refusalHeadroom)
        if fitted < settings.maxConnections {
            say("siang: the open-file limit is \(soft), so at most \(fitted) connections are held at once (server.maxConnections is \(settings.maxConnections))")
            settings.maxConnections = fitted
        }
    }

    /// The watched hotline folder, created with its done/ and failed/ folders, or nil when
    /// `hotline.watchFolder` is empty. A folder that cannot be made or a bad mapping stops the start.
    static func hotlineInbox(_ settings: HotlineSettings, services: SiangServices, logger: Logger) throws -> HotlineInboxFolder? {
        guard !settings.watchFolder.isEmpty else { return nil }
        let mapping: HotlineMapping
        do { mapping = try HotlineMapping.file(settings.mapping.isEmpty ? nil : settings.mapping) } catch {
            throw Failure("configuration key hotline.mapping: \(error)")
        }
        let inbox = HotlineInboxFolder(folder: settings.watchFolder, importer: HotlineImporter(pipeline: services.pipeline, store: services.store),
                                       mapping: mapping, logger: logger)
        do { try inbox.prepare() } catch {
            throw Failure("configuration key hotline.watchFolder: cannot create \(settings.watchFolder) and its done/ and failed/ folders (\(error.localizedDescription))")
        }
        return inbox
    }

    /// On an empty user table, make an admin account and print its password once, so a new install
    /// can be tried at once. The password is never stored in clear or printed again.
    static func ensureDemoLogin(store: SQLiteStore) async throws {
        guard try await store.user(named: "demo") == nil, try await store.hasNoUsers() else { return }
        let password = FormPassword.random()
        try await store.addUser(NewUser(username: "demo", passwordHash: Bcrypt.hash(password, cost: 10), role: .admin, createdAt: Date()))
        say("siang: demo login created once: username demo, password \(password) (role admin)")
    }
}

enum FormPassword {
    static func random() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var g = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &g)! })
    }
}
