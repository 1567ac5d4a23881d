window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "edit_info" : {
        "edit" : {
          "initialTweetId" : "1700000000000000100",
          "editControlInitial" : {
            "editTweetIds" : [ "1700000000000000100", "1700000000000000200" ],
            "editableUntil" : "2026-03-01T10:30:00.000Z",
            "editsRemaining" : "4",
            "isEditEligible" : true
          }
        }
      },
      "entities" : {
        "user_mentions" : [
          { "name" : "Bob Example", "screen_name" : "bob_example", "indices" : [ "0", "12" ], "id_str" : "2000000000000000002", "id" : "2000000000000000002" }
        ],
        "urls" : [ ]
      },
      "id_str" : "1700000000000000200",
      "created_at" : "Sun Mar 01 10:05:00 +0000 2026",
      "full_text" : "@bob_example final version of the report",
      "lang" : "en"
    }
  }
]
