"""`qcheck collect` against an endpoint that accepts connections and never answers: one
line and exit 2 within the read timeout, not minutes of silence."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from qcheck.collect.session import READ_TIMEOUT
from tests.harness import assert_one_line_error, run_process


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A TCP server that accepts every connection and never sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_a_silent_endpoint_ends_in_one_line_within_the_read_timeout(
    silent_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("boto3")
    for name, value in {
        "AWS_ENDPOINT_URL": silent_endpoint,
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE00",
        "AWS_SECRET_ACCESS_KEY": "example",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_MAX_ATTEMPTS": "1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    run = run_process(
        ["collect", "--output", str(tmp_path / "snapshot.json")],
        tmp_path,
        timeout=READ_TIMEOUT * 4,  # the hang guard: far below the six minutes it took
    )
    assert_one_line_error(run, "cannot reach AWS STS", "Read timeout")
    assert not (tmp_path / "snapshot.json").exists()
