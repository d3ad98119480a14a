from detection import remotecache

user_ips = remotecache("UserIp")
