from detection import remote_cache

# an hourly cache
errors_count = remote_cache("access_denied", ttl=3600)
failure_threshold = 15

def detect(record):
    if record.get('aws', {}).get("cloudtrail", {}).get("error_code") == 'AccessDenied':
        # A unique key on the user name
        key = record.get("user", {}).get("name")

        # Increment the counter and alert if exceeds a threshold
        error_count = errors_count.increment_counter(key)
        if error_count >= failure_threshold:
            del errors_count[key]
            return True
