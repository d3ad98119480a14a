users_ips = remote_cache("UserIp")
del users_ips["john@example.com"]
