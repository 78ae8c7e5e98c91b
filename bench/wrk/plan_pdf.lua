-- GET /api/v1/plans/{id}/document?format=pdf: a plan laid out as an official document.
-- args: plan_id
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  wrk.path = "/api/v1/plans/" .. args[1] .. "/document?format=pdf"
end
