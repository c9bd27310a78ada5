-- Writes through the API: each request is one member (rotating over the members in the setup file) adding a
-- comment to one of the scenario's posts, or publishing a post in the scenario's community.
--   wrk -t2 -c16 -d10s -s bench/load/writes.lua BASE_URL -- SETUP_FILE KIND
-- SETUP_FILE lines: "<accessToken> <postId> <communityId>" (one per member).
local members = {}
local kind = "comment"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local token, post, community = line:match("^(%S+)%s+(%S+)%s+(%S+)$")
    if token then
      table.insert(members, { token = token, post = post, community = community })
    end
  end
  file:close()
  kind = args[2] or "comment"
  counter = 0
end

local words = { "ตลาดน้ำ", "ข้าวซอย", "phở bò", "kopi", "nasi lemak", "bánh mì", "早茶", "ສະບາຍດີ", "river", "market", "festival", "rain" }

local function text(n)
  local a = words[(n % #words) + 1]
  local b = words[((n * 7) % #words) + 1]
  return string.format("Load test %d-%d: %s and %s near the river, see you at the market.", thread_id, n, a, b)
end

function request()
  counter = counter + 1
  local m = members[(counter + thread_id) % #members + 1]
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. m.token }
  if kind == "post" then
    local body = string.format('{"title":"Load post %d-%d","body":"%s","language":"en"}', thread_id, counter, text(counter))
    return wrk.format("POST", "/api/v1/communities/" .. m.community .. "/posts", headers, body)
  end
  local body = string.format('{"body":"%s","language":"en"}', text(counter))
  return wrk.format("POST", "/api/v1/posts/" .. m.post .. "/comments", headers, body)
end

local failures = 0

function response(status, headers, body)
  if status >= 300 then
    failures = failures + 1
    if failures <= 3 then
      io.stderr:write("status " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local bad = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("WRITES %.1f %.1f %.1f %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad, summary.requests))
end
