users_ips = remote_cache("UserIp")
users_ips["john@example.com"] = set("1.1.1.1")
