-- wrk script: POSTs the PNG named by $DIGIT_PNG to the URL wrk is given, and counts answers by
-- status so a run can show that every answer was 200 or 503 (wrk itself only counts non-2xx).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("DIGIT_PNG"), "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*all")
  wrk.headers["Content-Type"] = "image/png"
  file:close()
  counts = {}
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(totals) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  io.write(string.format('WRK {"statuses": {%s}, "requests": %d, "socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, "p50_ms": %.1f, "p99_ms": %.1f}\n',
    table.concat(parts, ", "), summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
