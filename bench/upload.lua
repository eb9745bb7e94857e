-- wrk script: online submissions with one unique 100 KB PDF each (multipart). Every body differs
-- (a counter inside the file), so the content-addressed store really writes every file.
-- Set PREFIX_FILE (multipart fields up to the file's content), SUFFIX_FILE (the closing
-- boundary), BOUNDARY and TOKEN; see bench/submit.sh.
local function slurp(name)
  local f = assert(io.open(os.getenv(name), "rb"))
  local s = f:read("*a")
  f:close()
  return s
end
local prefix = slurp("PREFIX_FILE")
local suffix = slurp("SUFFIX_FILE")
local filler = string.rep("0123456789abcdef", 6400) -- 102,400 bytes
local counter = 0
local thread_id = 0

setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

request = function()
  counter = counter + 1
  local file = "%PDF-1.4\n% " .. tostring(tid) .. "-" .. tostring(counter) .. "\n" .. filler .. "\n%%EOF\n"
  return wrk.format("POST", "/api/v1/dossiers", {
    ["Content-Type"] = "multipart/form-data; boundary=" .. os.getenv("BOUNDARY"),
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
  }, prefix .. file .. suffix)
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx/3xx %d, socket errors %d\n", summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
