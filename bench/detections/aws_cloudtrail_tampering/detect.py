# In the style of Sigma's aws_cloudtrail_disable_logging: a trail stopped, deleted or changed.
# deepget with a list of keys, and with a default.

TAMPERING = {"StopLogging", "DeleteTrail", "UpdateTrail"}


def detect(record):
    action = record.deepget(["event", "action"])
    if action not in TAMPERING:
        return False
    trail_name = record.deepget("requestParameters.name", "")
    return record.deepget("event.outcome") == "success" and "org-trail" in trail_name


def severity(record):
    return "critical" if record.deepget("event.action") == "DeleteTrail" else "high"
