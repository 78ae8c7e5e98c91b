-- GET /api/v1/index/assessments/{id}/analysis: one assessment's lost points.
-- args: assessment_id
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  wrk.path = "/api/v1/index/assessments/" .. args[1] .. "/analysis"
end
