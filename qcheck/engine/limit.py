"""Run a computation with a wall-clock limit, even one stuck inside native code.

regorus keeps the GIL while it evaluates, so no Python thread or signal handler can
interrupt a policy that loops. The computation runs instead in a forked child (which
shares the already-built input by copy-on-write) and the parent gives up on it after
the limit. Results and errors come back as JSON over a pipe.
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
from collections.abc import Callable
from typing import Any

from qcheck.errors import InputError


def run_with_time_limit(compute: Callable[[], Any], seconds: float | None, what: str) -> Any:
    """`compute()`'s JSON-serialisable result, or InputError when it takes over `seconds`."""
    if seconds is None or not hasattr(os, "fork"):
        return compute()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child process
        os.close(read_end)
        try:
            payload = {"result": compute()}
        except InputError as error:
            payload = {"error": [error.detail, error.path, error.line]}
        except BaseException as error:  # reported by the parent as an internal error
            payload = {"crash": f"{type(error).__name__}: {error}"}
        data = json.dumps(payload).encode()
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
        os._exit(0)
    os.close(write_end)
    try:
        return _collect(read_end, child, seconds, what)
    finally:
        os.close(read_end)


def _collect(read_end: int, child: int, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([read_end], [], [], max(remaining, 0))
        if not ready:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            raise InputError(
                f"{what} took longer than the {seconds:g} s limit "
                "(a policy may loop or scale badly; see --timeout)"
            )
        chunk = os.read(read_end, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(child, 0)
    payload = json.loads(b"".join(chunks) or b'{"crash": "no result"}')
    if "error" in payload:
        detail, path, line = payload["error"]
        raise InputError(detail, path, line)
    if "crash" in payload:
        raise RuntimeError(payload["crash"])
    return payload["result"]
