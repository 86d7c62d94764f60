#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open files. Every connection, database file, attachment and delivery holds
/// a descriptor; a server that runs out stops answering (issue 11, finding 2). At start the soft limit
/// is raised to the hard limit where allowed, and the connection cap is fitted under what is left.
enum FileLimit {
    /// Descriptors kept for everything but connections: SQLite's writer and readers with their WAL
    /// files, attachments being written, libcurl deliveries, the IMAP poller, the hotline folder.
    static let reserve = 128

    /// Raises the soft limit as far as the hard limit (and the kernel) allow; returns the soft limit in
    /// force afterwards, or nil when it cannot be read.
    static func raise() -> Int? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        // An unlimited hard limit is not a value Linux takes for open files; try a large finite one.
        for target in [limit.rlim_max, min(limit.rlim_max, 1 << 20)] where target > limit.rlim_cur {
            var raised = limit
            raised.rlim_cur = target
            if setrlimit(resource, &raised) == 0 { return Int(clamping: target) }
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// The connection cap that fits under `softLimit` with the reserve and the refusal headroom kept free.
    static func fittedCap(configured: Int, softLimit: Int, headroom: Int) -> Int {
        max(1, min(configured, softLimit - reserve - headroom))
    }

    #if canImport(Glibc)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif
}
