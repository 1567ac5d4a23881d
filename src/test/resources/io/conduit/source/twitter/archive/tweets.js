window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [ "1700000000000000100", "1700000000000000200" ],
          "editableUntil" : "2026-03-01T10:30:00.000Z",
          "editsRemaining" : "4",
          "isEditEligible" : true
        }
      },
      "entities" : {
        "user_mentions" : [
          { "name" : "Bob Example", "screen_name" : "bob_example", "indices" : [ "0", "12" ], "id_str" : "2000000000000000002", "id" : "2000000000000000002" }
        ],
        "urls" : [
          { "url" : "https://t.co/abc", "expanded_url" : "https://example.com/report", "display_url" : "example.com/report", "indices" : [ "30", "53" ] }
        ],
        "hashtags" : [ ], "symbols" : [ ]
      },
      "id_str" : "1700000000000000100",
      "id" : "1700000000000000100",
      "created_at" : "Sun Mar 01 10:00:00 +0000 2026",
      "full_text" : "@bob_example first draft of the report https://t.co/abc",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "entities" : {
        "user_mentions" : [ ],
        "urls" : [ ],
        "media" : [
          { "url" : "https://t.co/pic", "media_url_https" : "https://pbs.twimg.com/media/PIC1.jpg", "id_str" : "1700000000000000301", "type" : "photo", "expanded_url" : "https://x.com/alice_owner/status/1700000000000000300/photo/1" }
        ]
      },
      "in_reply_to_status_id_str" : "1600000000000000000",
      "in_reply_to_user_id_str" : "3000000000000000003",
      "in_reply_to_screen_name" : "carol_ext",
      "id_str" : "1700000000000000300",
      "created_at" : "Mon Mar 02 08:15:30 +0100 2026",
      "full_text" : "Replying with a photo https://t.co/pic"
    }
  }
]
