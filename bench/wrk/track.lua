-- GET /api/v1/track/{id} for IDs sampled from the seeded store (file in $IDS).
local ids = {}
for line in io.lines(os.getenv("IDS")) do
  if #line > 0 then ids[#ids + 1] = line end
end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v1/track/" .. ids[math.random(#ids)])
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
