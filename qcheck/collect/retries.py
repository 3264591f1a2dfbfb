"""botocore's adaptive retry mode, with its time read from and slept on qcheck's Clock.

botocore's adaptive mode (botocore/client.py `_register_retries`) is its standard retry
handler (botocore/retries/standard.py: retry conditions, retry quota, exponential backoff)
plus a client-side rate limiter (botocore/retries/adaptive.py: a CUBIC send rate and a token
bucket). Both keep time with the wall clock: the endpoint sleeps the handler's backoff with
`time.sleep`, the token bucket waits on a condition variable. Throttling tests then took
20 s and more. Here the same botocore classes are wired to a Clock instead:

- the client is created in "standard" mode and its retry handler (registered by botocore
  under the unique id `retry-config-<service>`) is replaced by the same handler wrapped so
  that the backoff is slept on the Clock and the endpoint is told to sleep 0 s;
- the rate limiter is botocore's `ClientRateLimiter`, built as `adaptive.register_retry_handler`
  builds it, with the Clock as its clock and a token bucket that sleeps on the Clock.

With the system clock this is botocore's adaptive mode. One difference: botocore's bucket
wakes a waiting request early when the send rate rises; ours sleeps the wait it computed
and then checks again.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import CapacityNotAvailableError
from botocore.retries import adaptive, bucket, standard, throttling

from qcheck.collect.clock import Clock

_MIN_WAIT = 0.001


class _BotocoreClock:
    """The clock interface botocore's retry classes read (botocore/retries/bucket.py)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def sleep(self, amount: float) -> None:
        self._clock.sleep(amount)

    def current_time(self) -> float:
        return self._clock.monotonic()


class _ClockedTokenBucket(bucket.TokenBucket):  # type: ignore[misc]
    """botocore's token bucket, waiting for capacity by sleeping on the Clock."""

    def __init__(self, max_rate: float, clock: _BotocoreClock) -> None:
        super().__init__(max_rate=max_rate, clock=clock)
        self._sleeper = clock

    def acquire(self, amount: float = 1, block: bool = True) -> bool:
        while True:
            try:
                return bool(super().acquire(amount, block=False))
            except CapacityNotAvailableError:
                if not block:
                    raise
            # the time until `amount` tokens have refilled at the current rate; at least
            # 1 ms, as a wait shorter than the clock's resolution would never end
            wait = (amount - self.available_capacity) / self.max_rate
            self._sleeper.sleep(max(wait, _MIN_WAIT))


class _ClockedRetries:
    """botocore's standard retry handler, its backoff slept on the Clock."""

    def __init__(self, handler: Any, clock: Clock) -> None:
        self._handler = handler
        self._clock = clock

    def needs_retry(self, **kwargs: Any) -> float | None:
        delay = self._handler.needs_retry(**kwargs)
        if delay is None:
            return None
        self._clock.sleep(float(delay))
        return 0.0  # retry now: the endpoint sleeps what we return


def install(client: Any, clock: Clock) -> None:
    """Give a client created with retries mode "standard" botocore's adaptive retries on
    `clock`, with the attempts its config allows."""
    max_attempts = client.meta.config.retries.get("total_max_attempts")
    events = client.meta.events
    service = client.meta.service_model.service_id.hyphenize()
    unique_id = f"retry-config-{service}"  # as botocore/retries/standard.py registers it
    events.unregister(f"needs-retry.{service}", unique_id=unique_id)
    handler = standard.register_retry_handler(client, max_attempts=max_attempts)
    events.unregister(f"needs-retry.{service}", unique_id=unique_id)
    events.register(
        f"needs-retry.{service}", _ClockedRetries(handler, clock).needs_retry, unique_id=unique_id
    )

    timer = _BotocoreClock(clock)
    limiter = adaptive.ClientRateLimiter(
        rate_adjustor=throttling.CubicCalculator(
            starting_max_rate=0, start_time=timer.current_time()
        ),
        rate_clocker=adaptive.RateClocker(timer),
        token_bucket=_ClockedTokenBucket(max_rate=1, clock=timer),
        throttling_detector=standard.ThrottlingErrorDetector(
            retry_event_adapter=standard.RetryEventAdapter()
        ),
        clock=timer,
    )
    events.register("before-send", limiter.on_sending_request)
    # botocore runs the rate limiter after the retry handler and sleeps after both; the
    # backoff is slept inside the handler here, so the limiter goes first to see the
    # response at the same moment
    events.register_first(f"needs-retry.{service}", limiter.on_receiving_response)
