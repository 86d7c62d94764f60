-- GET staff queue pages with a signed-in session (cookie in $COOKIE), cycling through the paths in
-- $PATHS (one per line); prints the p50 and p95 latency (wrk's own summary has no p95) and counts
-- every answer that is not a 200 (a lost session would show as 303s).
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local cookie = os.getenv("COOKIE") or ""
local n = 0
local threads = {}
setup = function(thread) threads[#threads + 1] = thread end
init = function(args) not200 = 0 end
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], { ["Cookie"] = cookie })
end
response = function(status, headers, body)
  if status ~= 200 then not200 = not200 + 1 end
end
done = function(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("not200") or 0) end
  io.write(string.format("p95_us %d\n", latency:percentile(95.0)))
  io.write(string.format("p50_us %d\n", latency:percentile(50.0)))
  io.write(string.format("non-200 answers: %d\n", bad))
end
