# In the style of Sigma's aws_root_account_usage: the root identity used for anything but an
# AWS service event. A chain of `.get` calls, each level guarded against a missing or null value.


def detect(record):
    trail = (record.get("aws") or {}).get("cloudtrail") or {}
    identity_type = (trail.get("user_identity") or {}).get("type")
    return identity_type == "Root" and trail.get("event_type") != "AwsServiceEvent"


def dedupe(record):
    return (record.get("cloud") or {}).get("account", {}).get("id", "unknown")
