"""Calling regorus (native code) so that every failure is one line naming the policy.

regorus reports Rego errors as exceptions carrying a source excerpt and a backtrace; a bug
in one of its built-ins panics instead (e.g. `strings.count(x, "")`), which Rust also
prints on the process's stderr; and an allocation it cannot satisfy aborts the process
with a message on stderr. The helpers here reduce each to an InputError and keep native
stderr quiet in the forked evaluation child (qcheck.engine.limit), where they also cap the
child's memory and record which policy is being evaluated, so that a child that dies
leaves the parent a policy to name.
"""

from __future__ import annotations

import faulthandler
import mmap
import os
import re
import resource
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from qcheck.engine.limit import run_with_time_limit
from qcheck.errors import InputError

# Address space a forked evaluation child may add to what it inherits (the input already
# loaded): what the engine builds from the input and what the policies compute. Checking a
# 10,000-account organization peaks under 1 GiB in all.
DEFAULT_MEMORY_LIMIT = 4 << 30

_LOCATION = re.compile(r"-->\s*(?P<path>.+?):(?P<line>\d+):(?P<col>\d+)")
_ERROR = re.compile(r"^error:\s*(?P<message>.+)$", re.M)


def rego_error(error: BaseException, fallback_path: str) -> InputError:
    """One line from a regorus error: its message, file and line, without the backtrace."""
    text = str(error)
    location = _LOCATION.search(text)
    message = _ERROR.search(text)
    detail = message.group("message") if message else _first_line(text)
    if location:
        return InputError(
            f"Rego error: {detail} (column {location.group('col')})",
            location.group("path"),
            int(location.group("line")),
        )
    return InputError(f"Rego error: {detail}", fallback_path)


def is_panic(error: BaseException) -> bool:
    """A Rust panic raised through PyO3 (pyo3_runtime.PanicException, a BaseException)."""
    return type(error).__name__ == "PanicException"


def engine_failure(path: str, what: str, error: BaseException | str) -> InputError:
    """`<path>: engine failed evaluating <what>: <first line>`: a panic or a dead child."""
    return InputError(f"engine failed evaluating {what}: {_first_line(str(error))}", path)


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else "no message"


class Progress:
    """Which policy and rule a forked child is evaluating, in memory shared with the parent
    (an anonymous shared mapping made before the fork): if the child is killed or aborts,
    the parent can still name them."""

    _SIZE = 4096

    def __init__(self) -> None:
        self._map = mmap.mmap(-1, self._SIZE)

    def set(self, path: str, what: str) -> None:
        data = f"{path}\0{what}".encode("utf-8", "replace")[: self._SIZE - 1]
        self._map.seek(0)
        self._map.write(data + b"\0" * (self._SIZE - len(data)))

    def get(self) -> tuple[str, str] | None:
        self._map.seek(0)
        raw = self._map.read(self._SIZE).rstrip(b"\0").decode("utf-8", "replace")
        if not raw:
            return None
        path, _, what = raw.partition("\0")
        return path, what

    def close(self) -> None:
        self._map.close()


def enter_child(parent_pid: int, memory_limit: int | None) -> None:
    """In a forked evaluation child (never in the parent): cap its address space at what it
    inherited plus `memory_limit` bytes, so that a policy allocating without bound fails
    instead of exhausting the machine, and silence
    native stderr (panic and abort messages: the parent reports one line instead)."""
    if os.getpid() == parent_pid:
        return
    if memory_limit is not None:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space() + memory_limit
        limit = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    faulthandler.disable()  # it would dump the aborting child's stack on its own stderr copy


def _address_space() -> int:
    """Bytes of address space this process maps now (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Native stderr to /dev/null for the block (a panic's message), restored after."""
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def locate(error: InputError, progress: Progress) -> InputError:
    """An error without a file (the time limit) named after the policy being evaluated."""
    where = progress.get()
    if error.path is not None or where is None:
        return error
    return InputError(f"{where[1]}: {error.detail}", where[0])


def child_died(
    crash: BaseException, progress: Progress, memory_limit: int | None
) -> InputError | None:
    """The one line for an evaluation child that ended without a result (the allocator
    aborts when the memory limit is reached) or ran out of memory in Python, naming the
    policy it was evaluating; None for any other crash (a bug, reported as such)."""
    if not re.match(r"(no result|MemoryError)\b", str(crash)):
        return None
    where = progress.get()
    limit = f" ({memory_limit >> 20} MiB limit)" if memory_limit else ""
    reason = "" if str(crash) == "no result" else f": {_first_line(str(crash))}"
    detail = f"ran out of memory or was killed{limit}{reason}"
    if where is None:
        return InputError(f"policy evaluation {detail}")
    path, what = where
    return InputError(f"engine failed evaluating {what}: {detail}", path)


def run_bounded(
    compute: Callable[[Progress], Any],
    time_limit: float | None,
    memory_limit: int | None,
    what: str,
) -> Any:
    """`compute(progress)` in a forked child under the time and memory limits (in process
    and unbounded when `time_limit` is None). A child that runs out of time or memory is
    reported naming the policy it was at, as `compute` recorded it in `progress`."""
    parent, progress = os.getpid(), Progress()

    def child() -> Any:
        enter_child(parent, memory_limit)
        return compute(progress)

    try:
        return run_with_time_limit(child, time_limit, what)
    except RuntimeError as crash:  # the child died (memory) or crashed without a result
        raise child_died(crash, progress, memory_limit) or crash from None
    except InputError as error:
        raise locate(error, progress) from None
    finally:
        progress.close()
