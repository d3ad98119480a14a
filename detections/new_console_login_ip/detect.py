from detection import remotecache

# a weekly cache of user -> ip[]
users_ips = remotecache("user_ip", ttl=86400 * 7)

def detect(record):
    if (
        record.deepget("event.action") == "ConsoleLogin" and
        record.deepget("event.outcome") == "success"
    ):
        # A unique key on the user name
        user = record.deepget("user.name")
        record_ip = record.deepget("source.ip")

        prev_ips = users_ips[user]
        curr_ips = users_ips.add_to_string_set(user, record_ip)
        # Alert on new IPs
        new_ips = curr_ips - prev_ips
        if curr_ips and new_ips:
            return True
