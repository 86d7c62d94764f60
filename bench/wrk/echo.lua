-- The baseline's POST: same body size as the intake benchmark.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text":"ไฟส่องสว่างดับทั้งซอย กลางคืนมืดมาก (1234)","kind":"complaint","segment":"citizen"}'
