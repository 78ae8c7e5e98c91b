-- GET /api/v1/tasks/{id}: a task picked at random, per request, from a file of ids (one a
-- line: the manifest's sample). args: ids_file
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local ids = {}

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      table.insert(ids, line)
    end
  end
  math.randomseed(os.time() * 100 + id)
end

function request()
  return wrk.format("GET", "/api/v1/tasks/" .. ids[math.random(#ids)])
end
