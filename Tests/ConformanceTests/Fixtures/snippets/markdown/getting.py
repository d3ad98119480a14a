users_ips = remote_cache("UserIp")
user_ip = users_ips["john@example.com"]
user_ip = users_ips.get("john@example.com")
