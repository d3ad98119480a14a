users_ips = remotecache("UserIp")
users_ips["john@example.com"] = set("1.1.1.1")
