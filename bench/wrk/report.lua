-- GET /api/v1/reports/index-ranking?parent_id=&year=&format=xlsx: a report downloaded as a
-- spreadsheet, made while the client waits (the same report POST /api/v1/exports queues).
-- args: parent_id year
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  wrk.path = string.format(
    "/api/v1/reports/index-ranking?parent_id=%s&year=%s&format=xlsx", args[1], args[2])
end
