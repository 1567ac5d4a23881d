window.YTD.tweets.part0 = [
  { "tweet" : { "id_str" : "1700000000000000001", "created_at" : "Sun Mar 01 09:00:00 +0000 2026", "full_text" : "ok" } },
  { "tweet" : { "id_str" : "17000000