-- The summary of one wrk run as one JSON line (bench-load.ts reads it): requests answered, the
-- run's length in microseconds, the median latency in ms, and the errors of each kind.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"us":%d,"p50":%.3f,"errors":%d,"non2xx":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000,
    e.connect + e.read + e.write, e.status, e.timeout))
end
