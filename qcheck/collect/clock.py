"""The clock the collector's throttling deadline and backoff read and sleep on.

Production uses the system clock; tests pass a clock whose sleeps only advance its time,
so retry and deadline behaviour is exercised in milliseconds.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


SYSTEM_CLOCK: Clock = SystemClock()
