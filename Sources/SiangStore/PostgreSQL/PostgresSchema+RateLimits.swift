extension PostgresSchema {
    /// What several servers on one database must share besides the data: the per-address rate-limit
    /// allowances (``PostgresRateLimits``) and named secrets such as the form-signing key
    /// (``SharedSecretStore``).
    ///
    /// `rate_limits` has no index but its key, on purpose: every admit updates its row, and an update
    /// that touches no indexed column stays a cheap in-page (HOT) update. Client keys are the
    /// hashed/truncated ``ClientAddress`` keys the in-memory limiter uses, nothing more.
    static let rateLimitsAndSecrets = """
        CREATE TABLE rate_limits (
            client text PRIMARY KEY,
            updated double precision NOT NULL,
            intake_minute double precision NOT NULL,
            intake_hour double precision NOT NULL,
            lookup_minute double precision NOT NULL,
            miss_hour double precision NOT NULL,
            last_wait double precision NOT NULL
        );
        CREATE TABLE shared_secrets (
            name text PRIMARY KEY,
            secret bytea NOT NULL
        );
        """
}
