-- POST /api/v1/tasks: a new task in one unit, each request with its own Idempotency-Key
-- (so the product stores every answer, as a client retrying safely makes it).
-- args: unit_id run_nonce
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local unit, nonce, n = nil, nil, 0

function init(args)
  unit, nonce = args[1], args[2]
end

function request()
  n = n + 1
  local key = string.format("bench-%s-%d-%d", nonce, id, n)
  local body = string.format(
    '{"unit_id":"%s","title":"Nhiệm vụ đo tải %d-%d","deliverable":"report","priority":"normal"}',
    unit, id, n)
  -- wrk.format takes these headers instead of wrk.headers (the -H ones): copy those in.
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = key }
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  return wrk.format("POST", "/api/v1/tasks", headers, body)
end
