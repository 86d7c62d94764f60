-- GET staff queue pages with a signed-in session (cookie in $COOKIE), cycling through the paths in
-- $PATHS (one per line); prints the p95 latency, which wrk's own summary lacks.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local cookie = os.getenv("COOKIE") or ""
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], { ["Cookie"] = cookie })
end
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95.0)))
  io.write(string.format("p50_us %d\n", latency:percentile(50.0)))
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
