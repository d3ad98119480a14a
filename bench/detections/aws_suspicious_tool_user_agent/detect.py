# In the style of a Sigma conversion: a sensitive API call made from a scripting tool's user agent.
# `user_agent.original` is missing from many records: the regex is only applied when it is there.
import re

TOOL_AGENTS = re.compile(r"(?i)(python-requests|curl|go-http-client|aws-sdk-go)/")
SENSITIVE = ("CreateUser", "CreateAccessKey", "AttachUserPolicy", "PutRolePolicy",
             "GetSecretValue", "PutBucketPolicy", "RunInstances")


def detect(record):
    agent = record.get("user_agent", {}).get("original")
    if not agent or not re.match(TOOL_AGENTS, agent):
        return False
    return record.get("event", {}).get("action") in SENSITIVE


def title(record):
    return f"{record['event']['action']} from a scripting tool"
