# In the style of Sigma's AWS enumeration rules: a discovery call, by an IAM user, that failed.
# Membership in a set of event names.

DISCOVERY = frozenset({
    "ListUsers", "ListRoles", "ListAccessKeys", "ListBuckets", "GetBucketAcl",
    "DescribeInstances", "DescribeSecurityGroups", "DescribeTrails", "GetCallerIdentity",
})


def detect(record):
    event = record.get("event", {})
    if event.get("action") not in DISCOVERY or event.get("outcome") != "failure":
        return False
    return record.deepget("aws.cloudtrail.user_identity.type") == "IAMUser"


def dedupe(record):
    return record.deepget("user.name", "unknown")
