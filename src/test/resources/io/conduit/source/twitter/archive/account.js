window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "Alice.Owner@Example.com",
      "createdVia" : "web",
      "username" : "alice_owner",
      "accountId" : "1000000000000000001",
      "createdAt" : "2020-01-02T03:04:05.000Z",
      "accountDisplayName" : "Alice Owner"
    }
  }
]
