"""Progress on stderr for long collections, and the final summary line.

A terminal gets one line rewritten in place, at most five times a second. When stderr is
not a terminal the progress is silent unless asked for (`--progress`), and then a plain
line at most every five seconds. The caller prints the summary line,
always.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    def __init__(
        self,
        stream: TextIO | None = None,
        force: bool = False,
        counters: Callable[[], tuple[int, int]] = lambda: (0, 0),
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.enabled = self.tty or force
        self._interval = 0.2 if self.tty else 5.0
        self._counters = counters  # () -> (calls, retries)
        self._lock = threading.Lock()
        self._last = 0.0
        self._drawn = False
        self.accounts_done = self.accounts_total = 0
        self.regions_done = self.regions_total = 0
        self.gaps = 0

    def add_accounts(self, total: int) -> None:
        with self._lock:
            self.accounts_total += total
        self._draw()

    def account_done(self) -> None:
        with self._lock:
            self.accounts_done += 1
        self._draw()

    def add_regions(self, total: int) -> None:
        with self._lock:
            self.regions_total += total
        self._draw()

    def region_done(self) -> None:
        with self._lock:
            self.regions_done += 1
        self._draw()

    def gap(self) -> None:
        with self._lock:
            self.gaps += 1
        self._draw()

    def line(self) -> str:
        calls, retries = self._counters()
        return (
            f"accounts {self.accounts_done}/{self.accounts_total}  "
            f"regions {self.regions_done}/{self.regions_total}  "
            f"calls {calls}  retries {retries}  gaps {self.gaps}"
        )

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        with self._lock:
            if not force and now - self._last < self._interval:
                return
            self._last = now
            text = f"qcheck collect: {self.line()}"
            if self.tty:
                self.stream.write(f"\r\x1b[2K{text}")
                self._drawn = True
            else:
                self.stream.write(text + "\n")
            self.stream.flush()

    def clear(self) -> None:
        """Remove the live line so that the summary starts on a clean one."""
        with self._lock:
            if self._drawn:
                self.stream.write("\r\x1b[2K")
                self.stream.flush()
                self._drawn = False
