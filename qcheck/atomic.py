"""Write files so that an interrupted run never leaves half a file behind, and so that
a write never replaces what it should not.

- Only regular files are written: an output path that is a directory, a device, a FIFO or
  a socket, or that lies under /proc, /sys or /dev, is refused (renaming a file over
  /dev/null would replace the device node for the whole machine).
- A symbolic link is written through: its target is replaced, the link stays.
- An output that is the same file (device and inode) as one of the run's inputs is
  refused: the report would overwrite the evidence.
- A new file gets the mode the umask gives (0666 & ~umask); an existing file keeps its
  mode (and, where the process may, its owner).
- The data goes to a temporary file in the same directory, is synced, then renamed over
  the target, so readers see the old file or the new one, never a mix.

Every failure is an InputError naming the path.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from qcheck.errors import InputError

_SYSTEM_TREES = ("/proc", "/sys", "/dev")


def write_bytes_atomic(
    path: str | os.PathLike[str], data: bytes, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write `data` to `path` (see the module notes); `inputs` are the files read."""
    name = os.fspath(path)
    target = Path(os.path.realpath(name))  # through symbolic links, to the file written
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise _write_error(error, name) from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise InputError(f"output is {file_kind(existing.st_mode)}; refusing to replace it", name)
    if any(str(target) == tree or str(target).startswith(tree + "/") for tree in _SYSTEM_TREES):
        raise InputError("output is under a system directory; refusing to write there", name)
    if existing is not None:
        for other in inputs:
            if _same_file(existing, other):
                raise InputError(
                    f"output is the input {os.fspath(other)}; refusing to overwrite it", name
                )
    try:
        _replace(target, data, existing)
    except OSError as error:
        raise _write_error(error, name) from None


def write_text_atomic(
    path: str | os.PathLike[str], text: str, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), inputs)


def _replace(target: Path, data: bytes, existing: os.stat_result | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666
    while True:
        tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            # 0o666 is masked by the umask as for any new file; O_EXCL: never follow or
            # reuse a file someone else placed there.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            if existing is not None:
                os.fchmod(handle.fileno(), mode)
                if os.geteuid() == 0:  # root may keep the owner; others cannot, and need not
                    os.fchown(handle.fileno(), existing.st_uid, existing.st_gid)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; some file systems cannot sync a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _same_file(output: os.stat_result, other: str | os.PathLike[str]) -> bool:
    try:
        info = os.stat(other)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (output.st_dev, output.st_ino)


def file_kind(mode: int) -> str:
    """What a non-regular file is, for error messages."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _write_error(error: OSError, path: str) -> InputError:
    return InputError(f"cannot write: {error.strerror or error}", path)
