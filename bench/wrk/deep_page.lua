-- GET /api/v1/tasks?status=&limit=50[&cursor=]: every unit's tasks in one status, the
-- first page (no cursor) or a page deep in the list (the cursor the runner picked, ~90 %
-- of the way through). args: status [cursor]
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  wrk.path = string.format("/api/v1/tasks?status=%s&limit=50", args[1])
  if args[2] then
    wrk.path = wrk.path .. "&cursor=" .. args[2]
  end
end
