extension PostgresSchema {
    /// Leader leases of background work (``LeaseStore``).
    static let leases = """
        CREATE TABLE leases (
            name text PRIMARY KEY,
            holder text NOT NULL,
            expires_at double precision NOT NULL
        );
        """
}
