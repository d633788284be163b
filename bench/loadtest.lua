-- wrk script for bench/loadtest.py and the bench's long tail: cycles through the addresses
-- given after "--", says it came through a TLS proxy, and counts answers of 500 and above
-- per thread. Given "@file threads" instead, it takes the addresses from the file, one a
-- line, and each of wrk's `threads` threads takes its own share of them (the first thread
-- the 1st, 1+threads-th, ..., the second the 2nd, ...): no address is asked for twice
-- before the list runs out.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("place", #threads)
end

function init(args)
  counter, step = 0, 1
  if string.sub(args[1] or "", 1, 1) == "@" then
    paths = {}
    for line in io.lines(string.sub(args[1], 2)) do
      table.insert(paths, line)
    end
    step = tonumber(args[2])
    counter = place - 1 - step
  else
    paths = args
  end
  server_errors = 0
end

function request()
  counter = counter + step
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path, { ["X-Forwarded-Proto"] = "https" })
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("server_errors")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f 5xx=%d non2xx3xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, total, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
