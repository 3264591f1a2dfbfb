"""botocore's adaptive retries keep time on the collector's Clock: a call throttled for five
minutes runs its course in milliseconds with a fake clock. Real boto3 clients over HTTP to a
loopback server that answers every request with ThrottlingException (or lets some through)."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from qcheck.collect.api import Api
from qcheck.collect.gaps import CallFailed
from qcheck.collect.session import CallStats, ClientFactory, open_session
from tests.collect.helpers import FakeClock

pytestmark = [pytest.mark.network]  # a loopback HTTP server; no moto, well under a second


class Throttler:
    """Answers the first `throttled` requests with ThrottlingException, then ListInstances
    with no instances."""

    def __init__(self, throttled: int) -> None:
        self.throttled = throttled
        self.requests = 0
        lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with lock:
                    owner.requests += 1
                    throttle = owner.requests <= owner.throttled
                body = (
                    {"__type": "ThrottlingException", "message": "Rate exceeded"}
                    if throttle
                    else {"Instances": []}
                )
                payload = json.dumps(body).encode()
                self.send_response(400 if throttle else 200)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def throttler(monkeypatch: pytest.MonkeyPatch) -> Iterator[Throttler]:
    server = Throttler(throttled=10**9)
    thread = threading.Thread(
        target=server.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAQCHECKRETRYTEST1")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "retry-test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    yield server
    server.server.shutdown()
    server.server.server_close()


def sso_api(clock: FakeClock, deadline: float, max_attempts: int) -> tuple[Api, CallStats]:
    stats = CallStats()
    factory = ClientFactory(open_session(None, stats), 1, max_attempts, clock)
    client = factory.client("sso-admin", "us-east-1")
    return Api(client, "sso", "111111111111", "us-east-1", stats, deadline, clock=clock), stats


def test_throttling_until_the_deadline_takes_no_real_time(throttler: Throttler) -> None:
    clock = FakeClock()
    api, stats = sso_api(clock, deadline=300, max_attempts=3)
    started = time.monotonic()
    with pytest.raises(CallFailed) as failed:
        api.call("ListInstances")
    assert failed.value.code == "ThrottlingException"
    assert time.monotonic() - started < 5  # five minutes of throttling, on the fake clock
    assert clock.now >= 300
    # botocore retried each issue (3 attempts), and the deadline loop re-issued the call
    assert stats.attempts["sso:ListInstances"] == throttler.requests > 3
    assert stats.calls["sso:ListInstances"] == 1


def test_throttling_that_clears_is_retried_by_botocore_on_the_clock(throttler: Throttler) -> None:
    throttler.throttled = 2
    clock = FakeClock()
    api, stats = sso_api(clock, deadline=300, max_attempts=4)
    assert api.call("ListInstances")["Instances"] == []
    assert throttler.requests == 3 and stats.retries == 2
    # botocore's backoff slept on the clock: one delay per retry (jittered, at most 20 s)
    assert 0 < clock.now <= 40 and len(clock.slept) >= 2
