"""Increments per second against DynamoDB (moto in server mode): through the host's
DynamoDBStore (`detection-host python --cache dynamodb:...`) and through boto3 from plain Python,
the way Matano's runtime increments, against the same server in one run.

    python3 bench/dynamodb_bench.py                  # 2,000 increments per side, 3 rounds
    python3 bench/dynamodb_bench.py --increments 5000 --rounds 5
    DETECTION_HOST=path/to/detection-host python3 bench/dynamodb_bench.py

The host binary is $DETECTION_HOST, else the release build (`swift build -c release --product
detection-host`, which this script does not run). Both sides time only their loop of increments,
inside their own process, so start-up is left out; the rounds alternate host and boto3 so that
both see the same machine load, and the median round is reported. Each side must end with
exactly its number of increments in the counter, or the run fails.

The server is bench/moto_server.py: moto with requests applied one at a time, as DynamoDB
applies each atomically. moto's own handling (tens of ms per UpdateItem on a loaded machine) is
most of the wall time, so increments/s mostly measures the server, not the client, and says
nothing about DynamoDB's own latency. The steadier comparison of the clients is their CPU time
per increment (user + system of the client process, start-up included), also reported.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REGION = "us-east-1"
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_REGION": REGION}

# Runs inside the host: the detection module's cache, on the store of --cache.
HOST_CODE = """
import json, sys, time
from detection import remote_cache
n, key = int(sys.argv[1]), sys.argv[2]
cache = remote_cache("bench")
start = time.perf_counter()
for _ in range(n):
    cache.increment_counter(key)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "final": cache[key]}))
"""

# Runs in plain Python: the UpdateItem Matano's remote cache sends for increment_counter.
BOTO3_CODE = """
import json, os, sys, time
import boto3
n, key, table = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ddb = boto3.client("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL_DYNAMODB"], region_name=os.environ["AWS_REGION"])
item_key = {"pk": {"S": "bench"}, "sk1": {"S": key}}
def increment():
    res = ddb.update_item(
        TableName=table, Key=item_key,
        UpdateExpression="ADD #val :value SET #ttl = if_not_exists(#ttl, :ttl)",
        ExpressionAttributeNames={"#val": "val", "#ttl": "ttl"},
        ExpressionAttributeValues={":value": {"N": "1"}, ":ttl": {"N": str(int(time.time()) + 3600)}},
        ReturnValues="UPDATED_NEW",
    )
    return int(res["Attributes"]["val"]["N"])
start = time.perf_counter()
for _ in range(n):
    increment()
elapsed = time.perf_counter() - start
final = ddb.get_item(TableName=table, Key=item_key, ConsistentRead=True)["Item"]["val"]["N"]
print(json.dumps({"seconds": elapsed, "final": int(final)}))
"""


def host_binary():
    if os.environ.get("DETECTION_HOST"):
        return os.environ["DETECTION_HOST"]
    bin_path = subprocess.run(
        ["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    return os.path.join(bin_path, "detection-host")


def start_moto():
    server = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "moto_server.py")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    port = int(server.stdout.readline())
    return server, f"http://127.0.0.1:{port}"


def create_table(env, table):
    code = f"""
import os, boto3
ddb = boto3.client("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL_DYNAMODB"], region_name=os.environ["AWS_REGION"])
ddb.create_table(TableName={table!r}, BillingMode="PAY_PER_REQUEST",
                 AttributeDefinitions=[{{"AttributeName": "pk", "AttributeType": "S"}}, {{"AttributeName": "sk1", "AttributeType": "S"}}],
                 KeySchema=[{{"AttributeName": "pk", "KeyType": "HASH"}}, {{"AttributeName": "sk1", "KeyType": "RANGE"}}])
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def run_side(command, env, expected):
    """Runs one side; returns (increments per wall second of its loop, client CPU µs per increment)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"dynamodb_bench: {command[0]} failed ({done.returncode}):\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["final"] != expected:
        sys.exit(f"dynamodb_bench: {command[0]} ended with {result['final']}, expected {expected}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return expected / result["seconds"], cpu / expected * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--increments", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    host = host_binary()
    if not os.access(host, os.X_OK):
        sys.exit(f"dynamodb_bench: no detection-host at {host}: build it (swift build -c release --product detection-host) or set DETECTION_HOST")

    server, endpoint = start_moto()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(FAKE_CREDENTIALS, AWS_ENDPOINT_URL_DYNAMODB=endpoint)
        table = f"bench-{uuid.uuid4().hex[:8]}"
        create_table(env, table)
        cache_url = f"dynamodb:{table}?endpoint={endpoint}&region={REGION}"

        rates = {"host": [], "boto3": []}
        cpu = {"host": [], "boto3": []}
        for round_number in range(args.rounds):
            key = f"round-{round_number}"
            rate, micros = run_side(
                [host, "python", "--cache", cache_url, "-c", HOST_CODE, str(args.increments), "host-" + key],
                env, args.increments)
            rates["host"].append(rate)
            cpu["host"].append(micros)
            rate, micros = run_side(
                [sys.executable, "-c", BOTO3_CODE, str(args.increments), "boto3-" + key, table],
                env, args.increments)
            rates["boto3"].append(rate)
            cpu["boto3"].append(micros)
    finally:
        server.stdin.close()
        server.wait(timeout=30)

    print(f"increments against moto: {args.increments} per round, median of {args.rounds} rounds")
    print(f"  {'':32} {'increments/s':>12} {'client CPU/increment':>21}")
    for side, label in (("host", "detection-host (DynamoDBStore)"), ("boto3", "boto3 (Matano's UpdateItem)")):
        print(f"  {label:32} {statistics.median(rates[side]):12.0f} {statistics.median(cpu[side]):18.0f} µs"
              f"   rounds: {', '.join(f'{r:.0f}/s' for r in rates[side])}")
    print(f"  host/boto3: {statistics.median(rates['host']) / statistics.median(rates['boto3']):.2f}x increments/s, "
          f"{statistics.median(cpu['boto3']) / statistics.median(cpu['host']):.2f}x less client CPU per increment")


if __name__ == "__main__":
    main()
