window.YTD.tweets.part0 = [
  { "tweet" : { "id_str" : "1700000000000000001", "created_at" : "Sun Mar 01 09:00:00 +0000 2026", "full_text" : "first" } },
  { "tweet" : { "id_str" : "1700000000000000002", "created_at" : "2026-03-01 09:10", "full_text" : "a time X never writes" } },
  "not a tweet",
  { "tweet" : { "id_str" : "1700000000000000004", "created_at" : "Sun Mar 01 09:30:00 +0000 2026", "full_text" : "last" } }
]
