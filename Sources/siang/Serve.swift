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

    static let shippedBaseURL = "http://127.0.0.1:8080"

    func run() async throws {
        var runtime = try await Runtime(common)
        // Links in answers point at this server unless the agency set its public address.
        if runtime.configuration.agency.publicBaseURL == Self.shippedBaseURL, (host, port) != ("127.0.0.1", 8080) {
            runtime.configuration.agency.publicBaseURL = "http://\(host):\(port)"
        }
        // Every request copies this logger and sets its request ID (DeferredMetadataLogHandler says why).
        var logger = Logger(label: "siang", factory: DeferredMetadataLogHandler.standardError)
        logger.logLevel = .info
        fitConnectionCap(&runtime.configuration.server)
        let store = runtime.store
        try await Self.ensureDemoLogin(store: store)
        let services = try await SiangServices(configuration: runtime.configuration, store: store, dataDirectory: runtime.dataDirectory)
        let app = SiangApplication.make(services: services, host: host, port: port, logger: logger)
        let hotline = runtime.configuration.hotline
        let hotlineInbox = try Self.hotlineInbox(hotline, services: services, logger: logger)
        // Each job runs in one server at a time (a leader lease on PostgreSQL; see BackgroundJobs).
        var jobs = BackgroundJobs(store: store)
        defer { jobs.cancelAll() }
        let ticker = EscalationTicker(store: store, sla: services.sla, configuration: runtime.configuration)
        jobs.start("sla-ticker") { await ticker.run() }
        // LINE: webhook bodies stored by the route (and any left from before a crash) are processed here;
        // the outbox dispatcher sends the answers and pushes.
        let lineAPI = LINEAPIClient(settings: runtime.configuration.line)
        let lineProcessor = LINEInboxProcessor(pipeline: services.pipeline, api: lineAPI, attachments: services.attachments,
                                               staffLinks: store)
        jobs.start("line-inbox") { await lineProcessor.run() }
        // Scoring core: pushes queued exports, and queues the monthly one (docs/scoring-core.md).
        let scoringCore = try ScoringCoreExport.serving(runtime, configFile: common.config)
        // Escalations and service recovery become one notice per staff recipient and channel, which the
        // LINE and email deliverers send (README "Notices to staff").
        let deliverers: [any OutboxDeliverer] = [LINEDeliverer(api: lineAPI, store: store, contacts: store),
                                                 EmailDeliverer(configuration: runtime.configuration, store: store, contacts: store),
                                                 StaffNoticeFanout(store: store, contacts: store, configuration: runtime.configuration)]
            + (scoringCore.map { [$0.deliverer] } ?? [])
        if let scheduler = scoringCore?.scheduler { jobs.start("scoring-core-schedule") { await scheduler.run() } }
        jobs.start("outbox") { await OutboxDispatcher(store: store, deliverers: deliverers).run() }
        // The audit log's head, recorded hourly in the database and in this log, which the agency keeps
        // apart from the database: `siang audit verify --expect-head` checks the chain against it.
        jobs.start("audit-checkpoint") { await AuditCheckpoints(store: store).run(every: .seconds(3_600)) }
        // PDPA retention: personal data of cases closed longer ago than retention.contactDays, daily (docs/pdpa.md).
        let retention = RetentionSweep(store: store, attachments: services.attachments, contactDays: runtime.configuration.retention.contactDays)
        jobs.start("retention") { await retention.runDaily(say: say) }
        // Attachment files written before encryption are sealed in the background (the store sealed its own
        // values as it opened); a rotation's files are `siang keys rotate`'s, so only plain ones here.
        let attachments = services.attachments
        Task.detached(priority: .utility) {
            do {
                let sealed = try attachments.resealFiles(onlyPlain: true)
                if sealed > 0 { say("siang: sealed \(sealed) attachment files written before encryption") }
            } catch {
                say("siang: the attachment files written before encryption could not all be sealed: \(error)")
            }
        }
        // The daily digest to supervisors and executives (notifications.digestTime, business days only).
        let digest = StaffDigest(figures: store, outbox: store, contacts: store,
                                 configuration: runtime.configuration, calendar: services.sla.calendar)
        if !runtime.configuration.notifications.digestTime.isEmpty { jobs.start("staff-digest") { await digest.run() } }
        // Email: the mailbox is polled when one is configured (email.imapURL).
        let email = runtime.configuration.email
        if !email.imapURL.isEmpty {
            jobs.start("imap-poller") {
                let ingestor = EmailIngestor(pipeline: services.pipeline, store: store, attachments: services.attachments)
                await IMAPPoller(account: CurlMail.Account(url: email.imapURL, user: email.imapUser, password: email.imapPassword),
                                 ingestor: ingestor, store: store).run()
            }
        }
        // Hotline: logs dropped into the watched folder (hotline.watchFolder) go through the same pipeline,
        // so their cases are classified and routed as `siang import hotline` would.
        if let hotlineInbox { jobs.start("hotline-folder") { await hotlineInbox.run(every: .seconds(hotline.watchIntervalSeconds)) } }
        if let hotlineInbox {
            say("siang: importing hotline logs dropped into \(hotlineInbox.folder) (every \(hotline.watchIntervalSeconds) s)")
        }
        if scoringCore != nil {
            say("siang: delivering scoring-core exports to \(runtime.configuration.scoringCore.url)"
                + (scoringCore?.scheduler == nil ? "" : "; the monthly export is queued at 02:00 on each month's first business day"))
        }
        say("siang: serving on http://\(host):\(port) (store: \(runtime.storeDescription); files in \(runtime.dataDirectory))")
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
    static func ensureDemoLogin(store: any AgencyStore) async throws {
        guard try await store.user(named: "demo") == nil, try await store.staffUsers().isEmpty else { return }
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
