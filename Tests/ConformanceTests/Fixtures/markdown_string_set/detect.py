from detection import remote_cache

# a weekly cache
users_ips = remote_cache("user_ip", ttl=86400 * 7)

def detect(record):
    if record.get('event', {}).get('action') == 'ConsoleLogin' and
        record.get('event', {}).get('outcome', {}) == 'success':
        # A unique key on the user name
        key = record.get("user", {}).get("name")

        # Alert on new IP
        user_ips = users_ips.add_to_string_set(key)
        if len(user_ips) > 1:
            del users_ips[key]
            return True
