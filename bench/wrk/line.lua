-- POST /webhooks/line with signed webhook bodies prepared by bench/line/bodies.py (file in $BODIES, one
-- "<x-line-signature>\t<body>" per line). The run counts non-200 answers (a wrong signature would be a 401).
-- With $SENDLOG set, each thread appends "<unix time>\t<body number>" for every body it sends to
-- $SENDLOG.<thread>, so bench/line.sh can time each event's answer from when it was sent.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } line_bench_timespec;
int clock_gettime(int clk_id, line_bench_timespec *tp);
]]
local now = ffi.new("line_bench_timespec")

local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
  local tab = line:find("\t", 1, true)
  if tab then bodies[#bodies + 1] = { line:sub(1, tab - 1), line:sub(tab + 1) } end
end

-- Threads start half the file apart (bench/line.sh runs two), so they send different events: a
-- body sent twice is a redelivery, which opens no case.
local threads = 0
setup = function(thread)
  thread:set("offset", threads * math.floor(#bodies / 2))
  thread:set("number", threads)
  threads = threads + 1
end

local sendlog = nil
init = function(args)
  local prefix = os.getenv("SENDLOG")
  if prefix and prefix ~= "" then
    sendlog = io.open(prefix .. "." .. (number or 0), "w")
    -- Line by line: wrk never closes a thread's files, and the last events sent matter most.
    sendlog:setvbuf("line")
  end
end

local counter = 0
request = function()
  counter = counter + 1
  local index = ((offset or 0) + counter) % #bodies
  local item = bodies[index + 1]
  if sendlog then
    ffi.C.clock_gettime(0, now)
    sendlog:write(string.format("%d.%06d\t%d\n", tonumber(now.tv_sec), math.floor(tonumber(now.tv_nsec) / 1000), index))
  end
  return wrk.format("POST", "/webhooks/line",
    { ["Content-Type"] = "application/json; charset=utf-8", ["x-line-signature"] = item[1] }, item[2])
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
