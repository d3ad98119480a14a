user_ips = remotecache("UserIp", ttl=86400)
