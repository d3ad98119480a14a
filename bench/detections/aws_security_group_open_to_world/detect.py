# In the style of a Sigma conversion: an ingress rule opened to 0.0.0.0/0. `requestParameters` is
# null for most records; deepget walks dicts and lists and gives None for any missing step.


def detect(record):
    if record.deepget("event.action") != "AuthorizeSecurityGroupIngress":
        return False
    if record.deepget("event.outcome") != "success":
        return False
    cidr = record.deepget("requestParameters.ipPermissions.items.0.ipRanges.items.0.cidrIp")
    return cidr == "0.0.0.0/0"


def title(record):
    port = record.deepget(["requestParameters", "ipPermissions", "items", 0, "fromPort"], "?")
    return f"Security group opened to the world on port {port}"
