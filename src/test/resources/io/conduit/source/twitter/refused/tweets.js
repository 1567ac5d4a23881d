var tweets = [
  { "tweet" : { "id_str" : "1", "created_at" : "Sun Mar 01 09:00:00 +0000 2026", "full_text" : "x" } }
]
