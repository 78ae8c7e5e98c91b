-- GET /api/v1/index/results?parent_id=&year=: the published ranking of a parent's units
-- (a province's communes; the country's provinces). args: parent_id year
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  wrk.path = string.format("/api/v1/index/results?parent_id=%s&year=%s", args[1], args[2])
end
