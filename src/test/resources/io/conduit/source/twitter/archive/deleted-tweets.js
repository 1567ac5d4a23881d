window.YTD.deleted_tweets.part0 = [
  {
    "tweet" : {
      "id_str" : "1700000000000000400",
      "created_at" : "Tue Mar 03 07:00:00 +0000 2026",
      "deleted_at" : "Tue Mar 03 07:05:00 +0000 2026",
      "full_text" : "posted by mistake"
    }
  }
]
