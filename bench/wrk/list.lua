-- GET /api/v1/tasks?unit_id=&status=&limit=50: one unit's tasks in one status, first page
-- (the product's default order, by id). args: unit_id status
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  wrk.path = string.format("/api/v1/tasks?unit_id=%s&status=%s&limit=50", args[1], args[2])
end
