import Foundation

/// A real PostgreSQL server for the tests (Debian's `postgresql`), started once per test process on a
/// loopback port in a temporary data directory and stopped when the process ends (a watchdog shell
/// waits for the test process to go, then stops the server and removes its directory).
///
/// `SIANG_TEST_POSTGRES_URL` (a server URL whose user may create databases, ending in `/postgres`)
/// uses a server that is already running instead.
public enum TestPostgres {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// How long a test store waits to reach the server: far longer than a server's 20 s, because the
    /// whole suite opens its stores at once on two cores, and a test is about what the store does once
    /// connected (the timeout itself has a test of its own).
    public static let connectTimeout: Duration = .seconds(180)

    private static let lock = NSLock()
    nonisolated(unsafe) private static var started: Result<String, Unavailable>?
    nonisolated(unsafe) private static var databases = 0

    /// The URL of a new, empty database on the test server, with no migrations run.
    public static func freshDatabaseURL() throws -> String {
        let server = try serverURL()
        let name = lock.withLock { () -> String in
            databases += 1
            return "siang_test_\(getpid())_\(databases)"
        }
        try psql(server, "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
        var url = URLComponents(string: server)!
        url.path = "/" + name
        return url.string!
    }

    /// The URL of a new database copied from `template` (a database on the test server that no one is
    /// connected to: whoever still is, is disconnected first).
    public static func freshDatabaseURL(copying template: String) throws -> String {
        let server = try serverURL()
        let name = lock.withLock { () -> String in
            databases += 1
            return "siang_test_\(getpid())_\(databases)"
        }
        try psql(server, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(template)' AND pid <> pg_backend_pid()")
        try psql(server, "CREATE DATABASE \(name) TEMPLATE \(template)")
        var url = URLComponents(string: server)!
        url.path = "/" + name
        return url.string!
    }

    /// The server's own `postgres` database URL (for creating databases).
    public static func serverURL() throws -> String {
        try lock.withLock {
            if started == nil { started = start() }
            return try started!.get()
        }
    }

    /// The directory holding Debian's PostgreSQL programs (the newest version installed).
    public static func binDirectory() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let newest = versions.compactMap({ Int($0) }).max() else { return nil }
        let bin = "\(root)/\(newest)/bin"
        return FileManager.default.isExecutableFile(atPath: bin + "/initdb") ? bin : nil
    }

    /// Runs one SQL statement with psql against `url`.
    public static func psql(_ url: String, _ sql: String) throws {
        guard let bin = binDirectory() else { throw Unavailable(description: "PostgreSQL is not installed") }
        let psql = FileManager.default.isExecutableFile(atPath: "\(bin)/psql") ? "\(bin)/psql" : "/usr/bin/psql"
        let (status, output) = run(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        guard status == 0 else { throw Unavailable(description: "psql failed: \(output)") }
    }

    private static func start() -> Result<String, Unavailable> {
        if let url = ProcessInfo.processInfo.environment["SIANG_TEST_POSTGRES_URL"], !url.isEmpty { return .success(url) }
        guard let bin = binDirectory() else {
            return .failure(Unavailable(description: "PostgreSQL is not installed (scripts/install-deps.sh test installs it)"))
        }
        // Under /tmp itself: the `postgres` account must reach it, whatever TMPDIR is.
        let dir = "/tmp/siang-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        let data = dir + "/data"
        // PostgreSQL will not run as root: as root (CI), the server runs as the `postgres` account.
        let asRoot = getuid() == 0
        let prefix = asRoot ? "runuser -u postgres -- " : ""
        let port = freePort()
        let script = """
            set -e
            mkdir -p '\(dir)'
            \(asRoot ? "chown postgres '\(dir)'" : ":")
            \(prefix)'\(bin)/initdb' -D '\(data)' -U postgres -A trust -E UTF8 --locale=C --no-sync >'\(dir)/initdb.log' 2>&1
            # The server must not hold this shell's output open, or reading it to the end never ends.
            \(prefix)'\(bin)/pg_ctl' -D '\(data)' -l '\(dir)/server.log' -w -t 60 \
              -o "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories='\(dir)' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000 -c shared_buffers=64MB" start >'\(dir)/pg_ctl.log' 2>&1
            """
        // No pipe to read here: the server this starts would hold it open for as long as it runs.
        let (status, output) = run("/bin/sh", ["-c", script], capturing: false)
        guard status == 0 else {
            let log = (try? String(contentsOfFile: dir + "/server.log", encoding: .utf8)) ?? ""
            return .failure(Unavailable(description: "cannot start PostgreSQL: \(output) \(log.suffix(800))"))
        }
        // The watchdog: when this test process has gone, stop the server and remove its files.
        // It lets go of this process's output at once (else `swift test`, reading that output to its end,
        // would wait for the watchdog, which waits for this process: neither would end), and it stops
        // waiting when this process is gone or only a zombie.
        let watchdog = """
            exec </dev/null >/dev/null 2>&1
            while kill -0 \(getpid()) 2>/dev/null && [ "$(ps -o stat= -p \(getpid()) | cut -c1)" != Z ]; do sleep 1; done
            \(prefix)'\(bin)/pg_ctl' -D '\(data)' -m immediate stop >/dev/null 2>&1
            rm -rf '\(dir)'
            """
        guard spawn(["/bin/sh", "-c", watchdog]) != nil else {
            return .failure(Unavailable(description: "cannot start the watchdog"))
        }
        return .success("postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable")
    }

    /// A loopback TCP port nothing listens on now.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program and waits for it, its output collected through a file. posix_spawn and waitpid
    /// rather than Foundation's Process, whose `waitUntilExit` was seen to wait forever for a child
    /// that had exited when called from a test's task.
    private static func run(_ path: String, _ arguments: [String], capturing: Bool = true) -> (Int32, String) {
        let outputPath = "/tmp/siang-pg-run-\(getpid())-\(UUID().uuidString.prefix(8)).log"
        defer { unlink(outputPath) }
        let quoted = ([path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let command = quoted + (capturing ? " >'\(outputPath)' 2>&1" : " >/dev/null 2>&1") + " </dev/null"
        guard let pid = spawn(["/bin/sh", "-c", command]) else { return (-1, "cannot start \(path)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS by hand: the C macros do not come through to Swift.
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : -1, output)
    }

    /// Starts a program without waiting for it; its pid, or nil.
    private static func spawn(_ argv: [String]) -> pid_t? {
        var pid: pid_t = 0
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let result = posix_spawn(&pid, argv[0], nil, nil, &cArgs, environ)
        return result == 0 ? pid : nil
    }

}
