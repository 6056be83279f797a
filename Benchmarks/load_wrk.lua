-- wrk script for Benchmarks/load_wrk.sh: logged in (cookie from the environment), rotating over
-- the paths given in LOAD_PATHS (space-separated); every answer but 200 counts as an error.
local paths = {}
for p in string.gmatch(os.getenv("LOAD_PATHS") or "/", "%S+") do table.insert(paths, p) end
local cookie = os.getenv("LOAD_COOKIE") or ""
local n = 0
local bad = 0

request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], { ["Cookie"] = cookie })
end

response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

-- wrk runs each thread in its own Lua state: collect each thread's count of bad answers.
local threads = {}
setup = function(thread) table.insert(threads, thread) end

done = function(summary, latency, requests)
  local wrong = 0
  for _, t in ipairs(threads) do wrong = wrong + (t:get("bad") or 0) end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f not_200=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    wrong, socket))
end
