users_ips = remotecache("UserIp")
del users_ips["john@example.com"]
