-- wrk script for scans-overload.sh: POST /api/v1/scans with {"code": $CODE}, counting answers by status.
-- Prints one JSON line when done: counts of 200, 429 and anything else, wrk's timeouts and socket errors.
wrk.method = "POST"
wrk.body = '{"code":"' .. (os.getenv("CODE") or "X:12:9:2.5") .. '"}'
wrk.headers["content-type"] = "application/json"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, busy, other, retry_after_1 = 0, 0, 0, 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 429 then
    busy = busy + 1
    if headers["Retry-After"] == "1" or headers["retry-after"] == "1" then
      retry_after_1 = retry_after_1 + 1
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local o, b, x, r = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    o, b, x, r = o + t:get("ok"), b + t:get("busy"), x + t:get("other"), r + t:get("retry_after_1")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.1f,"200":%d,"429":%d,"429_retry_after_1":%d,"other":%d,"timeouts":%d,"socket_errors":%d,"p50_ms":%.1f,"p99_ms":%.1f}\n',
    summary.requests, summary.duration / 1e6, o, b, r, x, e.timeout, e.connect + e.read + e.write,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
