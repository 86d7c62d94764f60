import Foundation

/// Keeps what holds personal data readable by the service account alone: the data directory and its
/// folders 0700, the database and attachment files 0600 (issue 11, finding 8). The CLI also sets the
/// process umask to 0077 at start; these explicit modes hold where a file is made outside it (the
/// in-process tests, a library caller) and for a data directory made by an older version.
public enum OwnerOnly {
    public static let directoryMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600

    /// Makes `path` (and any missing parents) owner-only, or tightens it when it exists with access for
    /// others. Returns the mode it had when that mode was looser, so the caller can say so once.
    @discardableResult
    public static func directory(_ path: String) throws -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: Int(directoryMode)])
            return nil
        }
        return try tighten(path, current: info.st_mode, to: directoryMode)
    }

    /// Creates an empty owner-only file at `path` unless one exists; an existing file with access for
    /// others is tightened. SQLite gives its `-wal` and `-shm` files the mode of the database file.
    @discardableResult
    public static func file(_ path: String) throws -> mode_t? {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        close(fd)
        return try tightenIfPresent(path)
    }

    /// Tightens an existing file; a missing one is left missing.
    @discardableResult
    public static func tightenIfPresent(_ path: String) throws -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return try tighten(path, current: info.st_mode, to: fileMode)
    }

    static func tighten(_ path: String, current: mode_t, to mode: mode_t) throws -> mode_t? {
        let permissions = current & 0o7777
        guard permissions & 0o077 != 0 else { return nil }
        guard chmod(path, mode) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EPERM) }
        return permissions
    }
}
