-- Shared by every script in bench/wrk (loaded with dofile): numbers the threads, counts
-- answers outside 2xx, and prints the run's figures as one JSON line ("BENCH {...}") that
-- bench/run.py reads. Latencies are in microseconds, as wrk measures them.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

non2xx = 0

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,'
      .. '"p99_us":%d,"max_us":%d,"mean_us":%.1f,"non2xx":%d,"connect":%d,"read":%d,'
      .. '"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, latency.mean, bad,
    e.connect, e.read, e.write, e.timeout))
end

-- The directory of the scripts, for the ones that read a file next to them.
bench_dir = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
