# Sourced by the benchmark scripts. wrk sends every request from one loopback address, which the
# per-address limits (limits.intakePerMinute, intakePerHour, lookupsPerMinute, lookupMissesPerHour)
# would stop after a handful: raise them through the environment so the runs measure the server.
# The limiter still runs on every request, so its cost is in the figures.
export SIANG_LIMITS_INTAKE_PER_MINUTE=1000000000 SIANG_LIMITS_INTAKE_PER_HOUR=1000000000
export SIANG_LIMITS_LOOKUPS_PER_MINUTE=1000000000 SIANG_LIMITS_LOOKUP_MISSES_PER_HOUR=1000000000
