window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1000000000000000001-2000000000000000002",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1000000000000000001",
            "reactions" : [
              { "senderId" : "1000000000000000001", "reactionKey" : "like", "eventId" : "1800000000000000099", "createdAt" : "2026-03-03T09:01:00.000Z" }
            ],
            "urls" : [
              { "url" : "https://t.co/xyz", "expanded" : "https://example.com/terms", "display" : "example.com/terms" }
            ],
            "text" : "Terms attached https://t.co/xyz",
            "mediaUrls" : [ "https://ton.twitter.com/dm/1800000000000000002/1800000000000000003/terms.png" ],
            "senderId" : "2000000000000000002",
            "id" : "1800000000000000002",
            "createdAt" : "2026-03-03T09:00:00.000Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "2000000000000000002",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Price is 12.5, final",
            "mediaUrls" : [ ],
            "senderId" : "1000000000000000001",
            "id" : "1800000000000000001",
            "createdAt" : "2026-03-03T08:00:00.000Z",
            "editHistory" : [
              { "text" : "Price is 12", "createdAt" : "2026-03-03T08:00:00.000Z" }
            ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "2000000000000000002",
            "text" : "this one has no time",
            "senderId" : "1000000000000000001",
            "id" : "1800000000000000000"
          }
        }
      ]
    }
  },
  42,
  {
    "dmConversation" : {
      "conversationId" : "1000000000000000001-4000000000000000004",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "4000000000000000004",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hello Dave",
            "mediaUrls" : [ ],
            "senderId" : "1000000000000000001",
            "id" : "1800000000000000010",
            "createdAt" : "2026-03-04T12:00:00.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  }
]
