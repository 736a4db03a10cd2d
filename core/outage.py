"""One dependency's outage as one process sees it: logged when it starts and when it ends, never per request.

The cache, the broker and the database each keep one ``Outage`` per process. While one is away, every request
would otherwise log the same error (and Sentry would receive thousands of copies); here the first failure logs a
warning, the others are counted, and the first success after it logs how long it lasted and how many calls failed.
"""

import logging
import threading
import time


class Outage:
    """The failures of one dependency in this process.

    ``skip()`` spares callers a connection attempt (or a timeout) on every request: for ``retry_interval`` seconds
    after a failure the dependency is taken to be still away. ``succeeded()`` ends the outage only after ``quiet``
    seconds without a failure, for callers whose success does not prove the dependency answered (a request that
    did not use the database).
    """

    def __init__(self, name: str, logger: logging.Logger, *, consequence: str, retry_interval=1.0, quiet=0.0):
        self.name, self.log, self.consequence = name, logger, consequence
        self.retry_interval, self.quiet = retry_interval, quiet
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self.started = None  # time.monotonic() of the outage's first failure
        self.last_failure = 0.0
        self.failures = 0

    @property
    def active(self) -> bool:
        return self.started is not None

    def skip(self) -> bool:
        return self.started is not None and time.monotonic() - self.last_failure < self.retry_interval

    def failed(self, error: BaseException) -> bool:
        """Count a failure; returns whether it began an outage (and was logged)."""
        now = time.monotonic()
        with self._lock:
            first = self.started is None
            if first:
                self.started, self.failures = now, 0
            self.failures += 1
            self.last_failure = now
        if first:
            self.log.warning("%s unavailable (%s: %s); %s", self.name, type(error).__name__, error, self.consequence)
        return first

    def succeeded(self) -> bool:
        """Note a success; returns whether it ended an outage (and was logged)."""
        if self.started is None:
            return False
        now = time.monotonic()
        with self._lock:
            if self.started is None or now - self.last_failure < self.quiet:
                return False
            lasted, failures = now - self.started, self.failures
            self.reset()
        self.log.warning("%s available again after %.1f s; %s calls failed meanwhile", self.name, lasted, failures)
        return True
