-- POST /webhooks/line with signed webhook bodies prepared by bench/line/bodies.py (file in $BODIES, one
-- "<x-line-signature>\t<body>" per line). Each wrk thread starts at a different place in the file, so
-- threads send different events; the run counts non-200 answers (a wrong signature would be a 401).
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
  local tab = line:find("\t", 1, true)
  if tab then bodies[#bodies + 1] = { line:sub(1, tab - 1), line:sub(tab + 1) } end
end

local threads = 0
setup = function(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

local counter = 0
request = function()
  counter = counter + 1
  local item = bodies[((offset or 0) + counter) % #bodies + 1]
  return wrk.format("POST", "/webhooks/line",
    { ["Content-Type"] = "application/json; charset=utf-8", ["x-line-signature"] = item[1] }, item[2])
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
