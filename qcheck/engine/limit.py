"""Run a computation with a wall-clock limit, even one stuck inside native code.

regorus keeps the GIL while it evaluates, so no Python thread or signal handler can
interrupt a policy that loops. The computation runs instead in a forked child (which
shares the already-built input by copy-on-write) and the parent gives up on it after
the limit. Results and errors come back as JSON over a pipe.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

from qcheck.errors import InputError

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def run_with_time_limit(compute: Callable[[], Any], seconds: float | None, what: str) -> Any:
    """`compute()`'s JSON-serialisable result, or InputError when it takes over `seconds`."""
    if seconds is None or not hasattr(os, "fork"):
        return compute()
    read_end, write_end = os.pipe()
    parent = os.getpid()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child process
        os.close(read_end)
        _die_with_parent(parent)
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
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM turned into an exception by the CLI) or failed:
        # the child must not outlive this call, let alone qcheck.
        _stop(child)
        raise
    finally:
        os.close(read_end)


def _stop(child: int) -> None:
    try:
        os.kill(child, signal.SIGKILL)
    except ProcessLookupError:
        return
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child process
    """Default signal actions, and on Linux a SIGKILL should the parent die first (even by
    SIGKILL, when it has no chance to stop the child itself)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # the parent died before the prctl took effect
            os._exit(1)


def _collect(read_end: int, child: int, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([read_end], [], [], max(remaining, 0))
        if not ready:
            _stop(child)
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
