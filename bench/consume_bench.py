#!/usr/bin/env python3
"""Competing workers: `detection-host consume` with 1, 2 and 4 workers on one queue, against
moto (S3 + SQS + DynamoDB in server mode on 127.0.0.1), beside one `run` over the same objects.

    python3 bench/consume_bench.py                       # 40 objects of 500 records
    python3 bench/consume_bench.py --objects 20 --records 5000 --workers 1 2
    DETECTION_HOST=path/to/detection-host python3 bench/consume_bench.py

The host binary is $DETECTION_HOST, else the release build (`swift build -c release`, which this
script does not run). Detections: the stateless ones in bench/detections/ (a stateful detection
would make every record a request to moto, and measure moto). Alerts are shared in a DynamoDB
table, as workers share them in production.

For each worker count: a fresh queue and table, one S3 event notification per object, the
workers started together, and the time until the queue is empty (every message deleted). The
rows of all workers, deduplicated by their `id`, must be exactly the rows of `run` over the same
objects, and the alerts (id, final count) the same, or the benchmark fails. Reported: objects/s,
records/s, and the workers' CPU seconds per 1,000 records beside `run`'s, which says whether
consuming costs more per record than running (on two cores, more workers cannot add speed).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def start_moto():
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "moto_server.py")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port = int(server.stdout.readline())
    return server, f"http://127.0.0.1:{port}"


def environment(endpoint):
    env = dict(os.environ)
    env.update({
        "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
    })
    env.pop("AWS_SESSION_TOKEN", None)
    env.pop("AWS_PROFILE", None)
    return env


def clients(endpoint):
    import boto3
    session = boto3.session.Session(aws_access_key_id="bench", aws_secret_access_key="bench-secret",
                                    region_name="us-east-1")
    return (session.client("s3", endpoint_url=endpoint), session.client("sqs", endpoint_url=endpoint),
            session.client("dynamodb", endpoint_url=endpoint))


def create_table(dynamodb, name):
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk1", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk1", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")


def notification(bucket, key, size):
    return json.dumps({"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
               "object": {"key": key, "size": size}}}]})


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rows_of(paths):
    rows = {}
    for path in paths:
        with open(path) as handle:
            for line in handle:
                row = json.loads(line)
                rows[row["id"]] = row
    return rows


def alerts_of(rows):
    alerts = {}
    for row in rows.values():
        alerts[row["alert_id"]] = max(alerts.get(row["alert_id"], 0), row["match_count"])
    return alerts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=40)
    parser.add_argument("--records", type=int, default=500, help="records per object")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    arguments = parser.parse_args()
    host = os.environ.get("DETECTION_HOST") or os.path.join(ROOT, ".build", "release", "detection-host")
    if not os.access(host, os.X_OK):
        sys.exit(f"no host binary at {host}: build it with `swift build -c release` or set DETECTION_HOST")
    detections = os.path.join(HERE, "detections")
    work = tempfile.mkdtemp(prefix="consume-bench-", dir=os.path.join(HERE, "out") if os.path.isdir(os.path.join(HERE, "out")) else None)
    server, endpoint = start_moto()
    try:
        env = environment(endpoint)
        s3, sqs, dynamodb = clients(endpoint)
        bucket = "bench-logs"
        s3.create_bucket(Bucket=bucket)
        corpus = os.path.join(work, "corpus.jsonl")
        subprocess.run([sys.executable, os.path.join(HERE, "generate_corpus.py"), str(arguments.objects * arguments.records),
                        "-o", corpus], check=True)
        with open(corpus, "rb") as handle:
            lines = handle.readlines()
        keys = []
        for index in range(arguments.objects):
            key = f"logs/part {index:04d}.jsonl"  # a space: notifications encode it as '+'
            body = b"".join(lines[index * arguments.records:(index + 1) * arguments.records])
            s3.put_object(Bucket=bucket, Key=key, Body=body)
            keys.append((key, len(body)))
        total_records = arguments.objects * arguments.records

        # The reference: one run over the same objects, alerts in a table of its own.
        table = f"bench-run-{uuid.uuid4().hex[:8]}"
        create_table(dynamodb, table)
        reference_path = os.path.join(work, "run.jsonl")
        before = children_cpu()
        started = time.monotonic()
        subprocess.run([host, "run", detections, "--input", f"s3://{bucket}/logs/", "--output", reference_path,
                        "--cache", f"dynamodb:{table}"], env=env, check=True, stderr=open(os.path.join(work, "run.err"), "w"))
        run_wall = time.monotonic() - started
        run_cpu = children_cpu() - before
        reference = rows_of([reference_path])
        print(f"run: {total_records} records in {run_wall:.2f} s, {len(reference)} matches, "
              f"{1000 * run_cpu / total_records:.3f} CPU s per 1,000 records")

        failed = False
        print(f"{'workers':>7} {'objects/s':>10} {'records/s':>10} {'CPU s/1k rec':>13} {'vs run':>7}")
        for count in arguments.workers:
            queue = sqs.create_queue(QueueName=f"bench-{count}-{uuid.uuid4().hex[:8]}",
                                     Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
            table = f"bench-{count}-{uuid.uuid4().hex[:8]}"
            create_table(dynamodb, table)
            for key, size in keys:
                sqs.send_message(QueueUrl=queue, MessageBody=notification(bucket, key.replace(" ", "+"), size))
            outputs = [os.path.join(work, f"workers-{count}-{index}.jsonl") for index in range(count)]
            before = children_cpu()
            started = time.monotonic()
            workers = [subprocess.Popen([host, "consume", detections, "--queue", queue, "--cache", f"dynamodb:{table}",
                                         "--output", output, "--wait-seconds", "1", "--idle-exit", "2"],
                                        env=env, stderr=subprocess.DEVNULL) for output in outputs]
            while True:
                attributes = sqs.get_queue_attributes(
                    QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
                waiting = sum(int(value) for value in attributes["Attributes"].values())
                if waiting == 0 or any(worker.poll() not in (None, 0) for worker in workers):
                    break
                time.sleep(0.1)
            wall = time.monotonic() - started
            statuses = [worker.wait() for worker in workers]
            cpu = children_cpu() - before
            rows = rows_of(outputs)
            if statuses != [0] * count or rows.keys() != reference.keys() or alerts_of(rows) != alerts_of(reference):
                failed = True
                print(f"{count} workers: exit statuses {statuses}, {len(rows)} distinct rows (run: {len(reference)}), "
                      f"alerts {'equal' if alerts_of(rows) == alerts_of(reference) else 'DIFFERENT'}")
            per_thousand = 1000 * cpu / total_records
            print(f"{count:>7} {arguments.objects / wall:>10.1f} {total_records / wall:>10.0f} {per_thousand:>13.3f} "
                  f"{per_thousand / (1000 * run_cpu / total_records):>6.2f}x")
        sys.exit(1 if failed else 0)
    finally:
        server.stdin.close()
        server.wait()


if __name__ == "__main__":
    main()
