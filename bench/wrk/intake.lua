-- POST /api/v1/complaints with a different Thai text each time; counts non-201 answers.
local counter = 0
local texts = {
  "ไฟส่องสว่างดับทั้งซอย กลางคืนมืดมาก", "ถนนหน้าตลาดเป็นหลุมบ่อ", "น้ำประปาไม่ไหลตั้งแต่เช้า",
  "ขยะไม่มีคนมาเก็บมาหนึ่งสัปดาห์แล้ว", "ร้านอาหารเปิดเพลงเสียงดังหลังเที่ยงคืน",
}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = string.format('{"text":"%s (%d)","kind":"complaint","segment":"citizen"}', texts[(counter % #texts) + 1], counter)
  return wrk.format(nil, nil, nil, body)
end
local bad = 0
response = function(status, headers, body)
  if status ~= 201 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-201 answers: %d\n", summary.errors.status))
end
