user_ips = remote_cache("UserIp", ttl=86400)
