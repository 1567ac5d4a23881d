window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1900000000000000000",
      "messages" : [
        {
          "participantsLeave" : {
            "userIds" : [ "3000000000000000003" ],
            "createdAt" : "2026-03-05T12:00:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [
              { "senderId" : "2000000000000000002", "reactionKey" : "laugh", "eventId" : "1900000000000000099", "createdAt" : "2026-03-05T11:30:00.000Z" }
            ],
            "urls" : [ ],
            "text" : "Morning all",
            "mediaUrls" : [ ],
            "senderId" : "1000000000000000001",
            "id" : "1900000000000000005",
            "createdAt" : "2026-03-05T11:00:00.000Z"
          }
        },
        {
          "conversationNameUpdate" : {
            "initiatingUserId" : "2000000000000000002",
            "name" : "Deal team",
            "createdAt" : "2026-03-05T10:30:00.000Z"
          }
        },
        {
          "participantsJoin" : {
            "initiatingUserId" : "2000000000000000002",
            "userIds" : [ "3000000000000000003" ],
            "createdAt" : "2026-03-05T10:10:00.000Z"
          }
        },
        {
          "joinConversation" : {
            "initiatingUserId" : "2000000000000000002",
            "participantsSnapshot" : [ "1000000000000000001", "2000000000000000002", "5000000000000000005" ],
            "createdAt" : "2026-03-05T10:00:00.000Z"
          }
        }
      ]
    }
  }
]
