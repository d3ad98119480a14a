"""Runs moto (server mode: S3, SQS and DynamoDB on one port) on 127.0.0.1 for the AWS tests and benchmark.

Prints the port on the first line once the server listens, then serves until its standard
input reaches end of file (so it stops with the process that started it, however that ends).

moto's threaded server handles requests concurrently without locking its backend: under
concurrent UpdateItem calls it loses increments and fails conditions spuriously (4 threads x 200
conditional ADDs applied 791 of 798). DynamoDB applies each request atomically, so this wrapper
serializes DynamoDB requests with one lock, while connections stay concurrent and keep-alive. Other
services are not serialized: an SQS long poll waits inside its request, and would hold the lock.
It also turns Nagle's algorithm off, which otherwise adds ~40 ms to every keep-alive request.

usage: python3 moto_server.py [PORT]     (PORT 0 or absent: a free port)
"""
import socket
import sys
import threading

from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import WSGIRequestHandler, make_server


def serialized(app):
    lock = threading.Lock()

    def handle(environ, start_response):
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            return app(environ, start_response)
        with lock:
            return list(app(environ, start_response))

    return handle


class NoDelayHandler(WSGIRequestHandler):
    # Answers go out in several writes (status and headers, then body); with Nagle's algorithm
    # on a keep-alive connection each request then waits ~40 ms for the client's delayed ACK.
    disable_nagle_algorithm = True


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if port == 0:
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
    app = serialized(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=NoDelayHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(port, flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
