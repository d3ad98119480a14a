#!/usr/bin/env python3
"""Deterministic benchmark corpus: ECS / CloudTrail-shaped records (DESIGN §10).

    python3 bench/generate_corpus.py 200000 -o bench/out/corpus.jsonl
    python3 bench/generate_corpus.py 200000 --style escaped -o bench/out/escaped.jsonl
    python3 bench/generate_corpus.py 200000 --style cloudtrail -o bench/out/cloudtrail.json.gz
    python3 bench/generate_corpus.py 1000 | head -1 | python3 -m json.tool

Styles: `ecs` (the default) writes JSON Lines of ECS-shaped records; `escaped` writes the same
records with escapes in many string fields (`\"`, `\n`, `\u00e9` for every non-ASCII character,
`\/` for every slash), the costly path of a JSON decoder; `cloudtrail` writes the same events as
raw CloudTrail records in one `{"Records": [...]}` document, gzip-compressed when the output
name ends in `.gz`, as CloudTrail delivers them to S3.

Standard library only; the same arguments always give the same bytes (fixed seed, no clock).
Each record is about 1 KB of UTF-8: nested `aws.cloudtrail.*`, `event.*`, `user.name`,
`source.ip`, `cloud.*`, arrays, a `requestParameters` that is sometimes null, some non-ASCII
text, and `ts` in epoch seconds, increasing.

The published examples in `detections/` match sometimes:
- bursts of 15 to 30 AccessDenied errors for one user, spread over a few minutes of event time
  (`access_denied_counter`, `access_denied_counter_deepget`), on top of a background of
  scattered AccessDenied errors;
- ConsoleLogin successes, mostly from a user's usual addresses and sometimes from a new one
  (`new_console_login_ip`).
The stateless detections in `bench/detections/` match a few records in a thousand each.

The user population is fixed, so the state a stateful detection keeps (one counter or one set
per user) does not grow with the number of records.
"""

import argparse
import gzip
import json
import random
import sys
import time
import uuid

START_TS = 1_704_067_200  # 2024-01-01T00:00:00Z
MEAN_GAP_MILLISECONDS = 50
USERS = 400

FIRST_NAMES = [
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
    "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter",
    "josé", "zoë", "søren", "françois", "jürgen", "łukasz", "ngọc", "李雷", "たろう", "مريم", "ana",
]
LAST_NAMES = [
    "smith", "jones", "garcía", "müller", "nguyễn", "kowalski", "dubois", "rossi", "tanaka",
    "andersson", "öztürk", "silva", "novák", "o'brien", "schmidt", "king",
]
CITIES = [
    ("US", "Seattle"), ("US", "New York"), ("DE", "München"), ("FR", "Besançon"),
    ("BR", "São Paulo"), ("JP", "東京"), ("KR", "서울"), ("TR", "İstanbul"), ("PL", "Łódź"),
    ("CH", "Zürich"), ("RU", "Москва"), ("EG", "القاهرة"), ("IN", "Bengaluru"), ("VN", "Hà Nội"),
]
REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "sa-east-1"]
ACCOUNTS = ["123456789012", "210987654321", "555566667777"]
USER_AGENTS = [
    "aws-cli/2.13.25 Python/3.11.6 Linux/6.2.0 exe/x86_64.ubuntu.22 prompt/off command/s3.ls",
    "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#6.2.0 md/arch#x86_64 lang/python#3.11.6",
    "console.amazonaws.com",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
    "aws-sdk-go/1.45.19 (go1.21.1; linux; amd64)",
    "terraform-provider-aws/5.19.0 (+https://registry.terraform.io/providers/hashicorp/aws)",
    "python-requests/2.31.0",
    "curl/8.4.0",
    "Go-http-client/1.1",
    "[aws-internal/3 aws-sdk-java/1.12.529 Linux/5.10 OpenJDK_64-Bit_Server_VM/25.382-b05]",
]

# (event name, provider, categories, types, read only, weight)
API_CALLS = [
    ("GetObject", "s3", ["file"], ["access"], True, 18),
    ("PutObject", "s3", ["file"], ["creation"], False, 8),
    ("ListBuckets", "s3", ["file"], ["access"], True, 3),
    ("GetBucketAcl", "s3", ["file"], ["access"], True, 2),
    ("PutBucketPolicy", "s3", ["configuration"], ["change"], False, 1),
    ("DeleteBucketPolicy", "s3", ["configuration"], ["deletion"], False, 0.3),
    ("DescribeInstances", "ec2", ["host"], ["info"], True, 12),
    ("DescribeSecurityGroups", "ec2", ["network"], ["info"], True, 4),
    ("RunInstances", "ec2", ["host"], ["creation"], False, 2),
    ("AuthorizeSecurityGroupIngress", "ec2", ["network"], ["change"], False, 1),
    ("CreateSnapshot", "ec2", ["host"], ["creation"], False, 0.5),
    ("AssumeRole", "sts", ["iam"], ["info"], True, 10),
    ("GetCallerIdentity", "sts", ["iam"], ["info"], True, 3),
    ("ListUsers", "iam", ["iam"], ["info"], True, 1),
    ("ListRoles", "iam", ["iam"], ["info"], True, 1),
    ("ListAccessKeys", "iam", ["iam"], ["info"], True, 1),
    ("CreateUser", "iam", ["iam"], ["user", "creation"], False, 0.4),
    ("CreateAccessKey", "iam", ["iam"], ["creation"], False, 0.4),
    ("AttachUserPolicy", "iam", ["iam"], ["change"], False, 0.4),
    ("PutRolePolicy", "iam", ["iam"], ["change"], False, 0.3),
    ("Decrypt", "kms", ["configuration"], ["access"], True, 9),
    ("GenerateDataKey", "kms", ["configuration"], ["access"], True, 5),
    ("GetSecretValue", "secretsmanager", ["configuration"], ["access"], True, 2),
    ("Invoke", "lambda", ["process"], ["start"], False, 4),
    ("PutLogEvents", "logs", ["configuration"], ["change"], False, 6),
    ("StopLogging", "cloudtrail", ["configuration"], ["change"], False, 0.15),
    ("DeleteTrail", "cloudtrail", ["configuration"], ["deletion"], False, 0.05),
    ("UpdateTrail", "cloudtrail", ["configuration"], ["change"], False, 0.1),
    ("DescribeTrails", "cloudtrail", ["configuration"], ["info"], True, 1),
]
OTHER_ERRORS = [
    ("ThrottlingException", "Rate exceeded"),
    ("NoSuchBucket", "The specified bucket does not exist"),
    ("ValidationException", "1 validation error detected"),
    ("Client.UnauthorizedOperation", "You are not authorized to perform this operation."),
]


def ipv4(rng, private=False):
    if private:
        return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    return f"{rng.choice([3, 18, 34, 52, 54, 81, 91, 185, 203])}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def make_users(rng):
    users = []
    for index in range(USERS):
        name = f"{rng.choice(FIRST_NAMES)}.{rng.choice(LAST_NAMES)}{index}"
        users.append({
            "name": name,
            "id": "AIDA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17)),
            "account": rng.choice(ACCOUNTS),
            "ips": [ipv4(rng) for _ in range(rng.randint(1, 3))],
            "city": rng.choice(CITIES),
            "agent": rng.choice(USER_AGENTS),
            "identity_type": rng.choices(["IAMUser", "AssumedRole", "Root"], [70, 29, 1])[0],
        })
    return users


def request_parameters(rng, action, account):
    """CloudTrail's raw `requestParameters`: often null, as for read-only calls."""
    if action in ("GetObject", "PutObject", "GetBucketAcl", "PutBucketPolicy", "DeleteBucketPolicy"):
        params = {"bucketName": f"corp-{rng.choice(['logs', 'data', 'backups', 'web', 'ml'])}-{account[-4:]}"}
        if action in ("GetObject", "PutObject"):
            params["key"] = f"reports/{rng.randrange(2019, 2025)}/rapport-été-{rng.randrange(10000)}.csv"
        if action == "PutBucketPolicy":
            params["bucketPolicy"] = {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": rng.choice(["*", {"AWS": f"arn:aws:iam::{account}:root"}]),
                 "Action": "s3:GetObject", "Resource": "arn:aws:s3:::corp-web/*"}]}
        return params
    if action == "AuthorizeSecurityGroupIngress":
        cidr = rng.choice(["0.0.0.0/0", "10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "172.16.0.0/12"])
        port = rng.choice([22, 443, 3389, 5432])
        return {"groupId": f"sg-{rng.getrandbits(32):08x}", "ipPermissions": {"items": [
            {"ipProtocol": "tcp", "fromPort": port, "toPort": port,
             "ipRanges": {"items": [{"cidrIp": cidr, "description": "ouverture temporaire ✓"}]}}]}}
    if action == "RunInstances":
        return {"instancesSet": {"items": [{"imageId": f"ami-{rng.getrandbits(32):08x}", "minCount": 1, "maxCount": 1}]},
                "instanceType": rng.choice(["t3.micro", "m5.large", "p4d.24xlarge"])}
    if action == "AssumeRole":
        return {"roleArn": f"arn:aws:iam::{account}:role/{rng.choice(['Admin', 'ReadOnly', 'Deploy'])}",
                "roleSessionName": f"session-{rng.randrange(100000)}", "durationSeconds": 3600}
    if action in ("CreateUser", "CreateAccessKey", "AttachUserPolicy"):
        params = {"userName": f"svc-{rng.randrange(1000)}"}
        if action == "AttachUserPolicy":
            params["policyArn"] = rng.choice(["arn:aws:iam::aws:policy/AdministratorAccess",
                                              "arn:aws:iam::aws:policy/ReadOnlyAccess"])
        return params
    if action in ("StopLogging", "DeleteTrail", "UpdateTrail"):
        return {"name": f"arn:aws:cloudtrail:us-east-1:{account}:trail/org-trail"}
    if action in ("Decrypt", "GenerateDataKey"):
        return {"encryptionAlgorithm": "SYMMETRIC_DEFAULT", "keySpec": "AES_256"} if rng.random() < 0.5 else None
    return None


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.users = make_users(self.rng)
        self.ms = START_TS * 1000  # event time in whole milliseconds: every record is later than the last
        self.api_weights = [call[5] for call in API_CALLS]
        self.bursts = []  # [user, remaining] pairs: users having a run of AccessDenied errors

    def next_record(self):
        rng = self.rng
        self.ms += 1 + int(rng.expovariate(1 / MEAN_GAP_MILLISECONDS))
        roll = rng.random()
        if roll < 0.0004:
            # A burst starts: 15-30 AccessDenied errors for one user over the next few minutes.
            self.bursts.append([rng.choice(self.users), rng.randint(15, 30)])
        if self.bursts and roll < 0.012 * len(self.bursts):
            burst = self.bursts[rng.randrange(len(self.bursts))]
            burst[1] -= 1
            if burst[1] == 0:
                self.bursts.remove(burst)
            return self.api_record(burst[0], error=("AccessDenied", "User is not authorized to perform this action"))
        if roll < 0.03:
            return self.console_login(rng.choice(self.users))
        user = rng.choice(self.users)
        error = None
        error_roll = rng.random()
        if error_roll < 0.015:
            error = ("AccessDenied", "User is not authorized to perform this action")
        elif error_roll < 0.025:
            error = rng.choice(OTHER_ERRORS)
        return self.api_record(user, error=error)

    def base(self, user, action, provider, categories, types, outcome):
        rng = self.rng
        country, city = user["city"]
        region = rng.choice(REGIONS)
        ip = rng.choice(user["ips"]) if rng.random() < 0.9 else ipv4(rng, private=rng.random() < 0.3)
        record = {
            "ts": self.ms / 1000,
            "event": {
                "kind": "event",
                "action": action,
                "outcome": outcome,
                "category": categories,
                "type": types,
                "provider": f"{provider}.amazonaws.com",
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            },
            "cloud": {
                "provider": "aws",
                "region": region,
                "account": {"id": user["account"]},
                "service": {"name": provider},
            },
            "user": {"name": user["name"], "id": user["id"]},
            "source": {
                "ip": ip,
                "geo": {"country_iso_code": country, "city_name": city},
            },
            "tags": ["cloudtrail", region, f"team:{rng.choice(['sécurité', 'data', 'platform', 'インフラ'])}"],
        }
        if rng.random() < 0.7:
            record["user_agent"] = {"original": user["agent"] if rng.random() < 0.85 else rng.choice(USER_AGENTS)}
        if rng.random() < 0.03:
            del record["user"]["name"]  # service events carry no user name
        return record

    def cloudtrail(self, user, action, read_only, error, event_type="AwsApiCall"):
        rng = self.rng
        account = user["account"]
        identity_type = user["identity_type"]
        arn = (f"arn:aws:iam::{account}:root" if identity_type == "Root" else
               f"arn:aws:sts::{account}:assumed-role/Deploy/{user['name']}" if identity_type == "AssumedRole" else
               f"arn:aws:iam::{account}:user/{user['name']}")
        trail = {
            "event_version": "1.08",
            "event_type": event_type,
            "event_category": "Management",
            "management_event": True,
            "read_only": read_only,
            "request_id": f"{rng.getrandbits(64):016x}",
            "recipient_account_id": account,
            "user_identity": {
                "type": identity_type,
                "arn": arn,
                "access_key_id": "ASIA" + f"{rng.getrandbits(64):016X}",
                "session_context": {"mfa_authenticated": rng.choice(["true", "false"])},
            },
            "resources": [{"arn": f"arn:aws:{action.lower()}:::{rng.getrandbits(40):x}", "type": "AWS::Resource",
                           "account_id": account} for _ in range(rng.randint(0, 1))],
        }
        if error:
            trail["error_code"], trail["error_message"] = error
        return trail

    def api_record(self, user, error=None):
        rng = self.rng
        action, provider, categories, types, read_only, _ = rng.choices(API_CALLS, self.api_weights)[0]
        record = self.base(user, action, provider, categories, types, "failure" if error else "success")
        record["aws"] = {"cloudtrail": self.cloudtrail(user, action, read_only, error)}
        record["requestParameters"] = request_parameters(rng, action, user["account"])
        record["message"] = f"{action} by {user['name']} via {provider}"
        return record

    def console_login(self, user):
        rng = self.rng
        success = rng.random() < 0.9
        record = self.base(user, "ConsoleLogin", "signin", ["authentication"], ["start"],
                           "success" if success else "failure")
        if rng.random() < 0.92:
            record["source"]["ip"] = rng.choice(user["ips"])
        else:
            record["source"]["ip"] = ipv4(rng)  # a new address
        trail = self.cloudtrail(user, "ConsoleLogin", False, None if success else ("Failed authentication", None),
                                event_type="AwsConsoleSignIn")
        trail["console_login"] = {"additional_eventdata": {
            "mobile_version": False, "mfa_used": rng.random() < 0.8,
            "login_to": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true"}}
        record["aws"] = {"cloudtrail": trail}
        record["requestParameters"] = None
        record["user_agent"] = {"original": USER_AGENTS[3]}
        record["message"] = f"Connexion à la console — {user['name']} ({'réussie' if success else 'échouée'})"
        return record


def with_escapes(record):
    """The record with quotes and a newline in its free text (a JSON encoder escapes both)."""
    record["message"] = f'{record["message"]} "quoted"\nsecond line'
    agent = record.get("user_agent")
    if agent:
        agent["original"] = agent["original"] + ' (name="cli")'
    return record


def iso_time(seconds):
    moment = time.gmtime(int(seconds))
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", moment)


def raw_cloudtrail(record):
    """The same event as CloudTrail writes it to S3 (camelCase keys, no ECS envelope)."""
    trail = record["aws"]["cloudtrail"]
    identity = trail["user_identity"]
    user = record.get("user", {})
    raw = {
        "eventVersion": trail["event_version"],
        "userIdentity": {
            "type": identity["type"],
            "principalId": user.get("id"),
            "arn": identity["arn"],
            "accountId": record["cloud"]["account"]["id"],
            "accessKeyId": identity["access_key_id"],
            "userName": user.get("name"),
            "sessionContext": {"attributes": {"mfaAuthenticated": identity["session_context"]["mfa_authenticated"]}},
        },
        "eventTime": iso_time(record["ts"]),
        "eventSource": record["event"]["provider"],
        "eventName": record["event"]["action"],
        "awsRegion": record["cloud"]["region"],
        "sourceIPAddress": record["source"]["ip"],
        "userAgent": record.get("user_agent", {}).get("original", "AWS Internal"),
        "requestParameters": record.get("requestParameters"),
        "responseElements": None,
        "requestID": trail["request_id"],
        "eventID": record["event"]["id"],
        "readOnly": trail["read_only"],
        "resources": [{"ARN": r["arn"], "type": r["type"], "accountId": r["account_id"]} for r in trail["resources"]],
        "eventType": trail["event_type"],
        "managementEvent": trail["management_event"],
        "recipientAccountId": trail["recipient_account_id"],
        "eventCategory": trail["event_category"],
    }
    if "error_code" in trail:
        raw["errorCode"] = trail["error_code"]
        raw["errorMessage"] = trail["error_message"]
    if "console_login" in trail:
        raw["responseElements"] = {"ConsoleLogin": "Success" if record["event"]["outcome"] == "success" else "Failure"}
        extra = trail["console_login"]["additional_eventdata"]
        raw["additionalEventData"] = {"LoginTo": extra["login_to"], "MobileVersion": "No",
                                      "MFAUsed": "Yes" if extra["mfa_used"] else "No"}
    return raw


def write_lines(generator, count, out, escaped):
    if escaped:
        encode = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
        dumps = lambda record: encode(with_escapes(record)).replace("/", "\\/")
    else:
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    chunk = []
    for _ in range(count):
        chunk.append(dumps(generator.next_record()))
        if len(chunk) == 2000:
            out.write(("\n".join(chunk) + "\n").encode("utf-8"))
            chunk.clear()
    if chunk:
        out.write(("\n".join(chunk) + "\n").encode("utf-8"))


def write_cloudtrail(generator, count, out):
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    out.write(b'{"Records":[')
    for index in range(count):
        if index:
            out.write(b",")
        out.write(encode(raw_cloudtrail(generator.next_record())).encode("utf-8"))
    out.write(b"]}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=int, help="how many records to write")
    parser.add_argument("-o", "--output", default="-", help="output file (default: standard output)")
    parser.add_argument("--seed", type=int, default=20240101, help="random seed (default: %(default)s)")
    parser.add_argument("--style", choices=["ecs", "escaped", "cloudtrail"], default="ecs",
                        help="record shape and encoding (default: %(default)s)")
    args = parser.parse_args()
    if args.records < 0:
        parser.error("records must be >= 0")

    generator = Generator(args.seed)
    if args.output == "-":
        out = sys.stdout.buffer
    elif args.output.endswith(".gz"):
        out = gzip.GzipFile(args.output, "wb", compresslevel=6, mtime=0)  # mtime 0: same bytes every time
    else:
        out = open(args.output, "wb")
    try:
        if args.style == "cloudtrail":
            write_cloudtrail(generator, args.records, out)
        else:
            write_lines(generator, args.records, out, escaped=args.style == "escaped")
        out.flush()
    except BrokenPipeError:
        sys.stderr.close()  # `| head`: the reader has gone; not an error
    finally:
        if out is not sys.stdout.buffer:
            out.close()


if __name__ == "__main__":
    main()
