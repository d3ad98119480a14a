#!/usr/bin/env python3
"""Writes the many-detections set of DESIGN §10: Sigma-style rules over the benchmark corpus.

    python3 bench/sigma_detections.py bench/out/sigma-ecs                 # 44 rules, ECS fields
    python3 bench/sigma_detections.py bench/out/sigma-raw --fields cloudtrail --limit 10

Each rule is a folder holding `detect.py` (and `detection.yml` for some), written the way a
Sigma conversion or a detection author writes them: equality on a field, membership in a list,
prefixes and suffixes, nested `deepget` paths into `requestParameters`, a few regular
expressions, and `title`/`dedupe` functions on some. `--fields cloudtrail` writes the same rules
over raw CloudTrail keys (`eventName`, `userIdentity.type`, ...) for the `.json.gz` corpus.
Standard library only; the same arguments always write the same files.
"""

import argparse
import os
import re
import shutil

# Logical field -> (ECS path, raw CloudTrail path).
FIELDS = {
    "action": ("event.action", "eventName"),
    "provider": ("event.provider", "eventSource"),
    "error": ("aws.cloudtrail.error_code", "errorCode"),
    "identity": ("aws.cloudtrail.user_identity.type", "userIdentity.type"),
    "arn": ("aws.cloudtrail.user_identity.arn", "userIdentity.arn"),
    "user": ("user.name", "userIdentity.userName"),
    "ip": ("source.ip", "sourceIPAddress"),
    "agent": ("user_agent.original", "userAgent"),
    "region": ("cloud.region", "awsRegion"),
    "read_only": ("aws.cloudtrail.read_only", "readOnly"),
    "params": ("requestParameters", "requestParameters"),
}

SENSITIVE_IAM = ["CreateUser", "CreateAccessKey", "AttachUserPolicy", "PutRolePolicy"]
TRAIL_CHANGES = ["StopLogging", "DeleteTrail", "UpdateTrail"]
DISCOVERY = ["ListUsers", "ListRoles", "ListAccessKeys", "ListBuckets", "GetBucketAcl",
             "DescribeInstances", "DescribeSecurityGroups", "DescribeTrails", "GetCallerIdentity"]


def rules():
    """(name, condition over `get(field)`, optional title expression), in a fixed order."""
    out = []
    # Equality on one action, with and without an outcome (one rule per API call of interest).
    for action in ["PutBucketPolicy", "DeleteBucketPolicy", "CreateSnapshot", "CreateUser",
                   "CreateAccessKey", "AttachUserPolicy", "PutRolePolicy", "StopLogging", "DeleteTrail",
                   "UpdateTrail"]:
        out.append((f"eq_{action.lower()}", f'get("action") == "{action}"', None))
    # Frequent calls matter only from the root identity.
    for action in ["AssumeRole", "GetSecretValue", "RunInstances", "Invoke", "Decrypt", "GenerateDataKey"]:
        out.append((f"root_{action.lower()}", f'get("action") == "{action}" and get("identity") == "Root"', None))
    for action in ["GetObject", "PutObject", "AssumeRole", "Decrypt", "ListBuckets", "GetCallerIdentity"]:
        out.append((f"failed_{action.lower()}", f'get("action") == "{action}" and get("error") is not None', None))
    # Membership in lists.
    out.append(("iam_persistence", f'get("action") in {set(SENSITIVE_IAM)!r}', '"IAM change " + str(get("action"))'))
    out.append(("trail_tampering", f'get("action") in {set(TRAIL_CHANGES)!r}', None))
    out.append(("discovery_denied", f'get("action") in {set(DISCOVERY)!r} and get("error") == "AccessDenied"', None))
    out.append(("throttled", 'get("error") in {"ThrottlingException", "Client.UnauthorizedOperation"}', None))
    out.append(("unusual_region", 'get("region") in {"sa-east-1", "ap-northeast-1"} and get("read_only") is False '
                'and get("identity") == "Root"', None))
    # Prefixes and suffixes.
    out.append(("delete_calls", 'str(get("action") or "").startswith("Delete")', None))
    out.append(("put_calls_denied", 'str(get("action") or "").startswith("Put") and get("error") == "AccessDenied"', None))
    out.append(("iam_provider_write", 'str(get("provider") or "").startswith("iam.") and get("read_only") is False '
                'and get("error") is not None', None))
    out.append(("assumed_role_deploy", '":assumed-role/Deploy/" in str(get("arn") or "") and get("action") in '
                '{"CreateUser", "AttachUserPolicy", "PutRolePolicy", "DeleteTrail"}', None))
    out.append(("private_source", 'str(get("ip") or "").startswith("10.") and get("error") == "AccessDenied"', None))
    out.append(("root_arn", 'str(get("arn") or "").endswith(":root")', '"Root activity: " + str(get("action"))'))
    out.append(("root_identity", 'get("identity") == "Root" and get("read_only") is False', None))
    # Nested paths into requestParameters.
    out.append(("open_ingress", 'record.deepget("%(params)s.ipPermissions.items.0.ipRanges.items.0.cidrIp") == "0.0.0.0/0"', None))
    out.append(("rdp_ingress", 'record.deepget("%(params)s.ipPermissions.items.0.fromPort") == 3389', None))
    out.append(("admin_policy", 'record.deepget("%(params)s.policyArn") == "arn:aws:iam::aws:policy/AdministratorAccess"', None))
    out.append(("public_bucket_policy", 'record.deepget("%(params)s.bucketPolicy.Statement.0.Principal") == "*"', None))
    out.append(("large_instance", 'record.deepget("%(params)s.instanceType") == "p4d.24xlarge"', None))
    out.append(("admin_role_assumed", 'str(record.deepget("%(params)s.roleArn") or "").endswith(":role/Admin") '
                'and get("error") is not None', None))
    # Regular expressions.
    out.append(("tool_agent", 'TOOLS.search(str(get("agent") or "")) is not None and get("error") == "AccessDenied"', None))
    out.append(("terraform_write", 'TERRAFORM.match(str(get("agent") or "")) is not None and get("read_only") is False '
                'and get("identity") == "Root"', None))
    out.append(("report_objects", 'REPORT.search(str(record.deepget("%(params)s.key") or "")) is not None '
                'and get("action") == "PutObject" and get("error") == "AccessDenied"', None))
    out.append(("service_user", 'SERVICE.match(str(record.deepget("%(params)s.userName") or "")) is not None '
                'and get("action") == "CreateAccessKey"', None))
    return out


HEADER = """# Sigma-style benchmark rule {name} (generated by bench/sigma_detections.py).
import re

TOOLS = re.compile(r"(?i)(python-requests|curl|go-http-client)/")
TERRAFORM = re.compile(r"terraform-provider-aws/")
REPORT = re.compile(r"reports/20(19|2[0-4])/")
SERVICE = re.compile(r"svc-[0-9]+$")


"""
FIELD_CALL = re.compile(r'get\("([a-z_]+)"\)')


def with_paths(expression, paths):
    """`get("action")` becomes `record.deepget("event.action")`, as a rule author writes it."""
    expression = expression.replace("%(params)s", paths["params"])
    return FIELD_CALL.sub(lambda match: f'record.deepget("{paths[match.group(1)]}")', expression)


def write_rule(directory, name, condition, title, fields):
    column = 0 if fields == "ecs" else 1
    paths = {field: pair[column] for field, pair in FIELDS.items()}
    source = HEADER.format(name=name)
    source += f"def detect(record):\n    return {with_paths(condition, paths)}\n"
    if title:
        source += f"\n\ndef title(record):\n    return {with_paths(title, paths)}\n"
        source += f'\n\ndef dedupe(record):\n    return str(record.deepget("{paths["user"]}", "unknown"))\n'
    folder = os.path.join(directory, name)
    os.makedirs(folder)
    with open(os.path.join(folder, "detect.py"), "w", encoding="utf-8") as handle:
        handle.write(source)
    if title:
        with open(os.path.join(folder, "detection.yml"), "w", encoding="utf-8") as handle:
            handle.write(f"name: sigma_{name}\nalert:\n  severity: medium\n  threshold: 2\n"
                         "  deduplication_window_minutes: 30\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", help="where to write the rules (replaced if it exists)")
    parser.add_argument("--fields", choices=["ecs", "cloudtrail"], default="ecs")
    parser.add_argument("--limit", type=int, default=0,
                        help="write only N rules, spread evenly over the table (every kind of rule)")
    args = parser.parse_args()
    table = rules()
    if args.limit > 0:
        step = max(1, len(table) // args.limit)
        table = table[::step][:args.limit]
    if os.path.isdir(args.directory):
        shutil.rmtree(args.directory)
    os.makedirs(args.directory)
    for name, condition, title in table:
        write_rule(args.directory, name, condition, title, args.fields)
    print(f"{len(table)} rules in {args.directory}")


if __name__ == "__main__":
    main()
