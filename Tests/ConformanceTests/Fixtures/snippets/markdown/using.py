from detection import remote_cache

user_ips = remote_cache("UserIp")
