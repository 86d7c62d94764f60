-- The baseline's GET /ping with the same percentile report as staff_queue.lua.
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95.0)))
  io.write(string.format("p50_us %d\n", latency:percentile(50.0)))
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
