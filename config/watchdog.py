"""A Celery worker that takes no task while tasks wait for it, and has a free process, exits to be started again.

After its Redis broker restarts, a worker sometimes reconnects ("Connected to redis://...") and then takes no more
messages, logging nothing, while the queue grows (celery issues 8030, 8091, 10205; bench/faults.sh saw it in about
one run in seven). Its process manager (systemd, honcho: README, Production deployment) starts a new one, which
takes them: nothing queued is lost, and every task is safe to run twice.

A healthy worker takes a waiting message within a second when one of its processes is free; this one checks every
CHECK_EVERY seconds and acts only after STALL_SECONDS of waiting messages, a free process and nothing received.
"""

import logging
import os
import signal
import threading
import time

from celery.signals import task_received, worker_ready
from celery.worker import state as worker_state

log = logging.getLogger(__name__)

CHECK_EVERY = 10
STALL_SECONDS = 60

_last_received = time.monotonic()


@task_received.connect
def _received(**kwargs):
    global _last_received
    _last_received = time.monotonic()


class Watchdog:
    def __init__(self, client, queue, concurrency, *, stall_seconds=STALL_SECONDS):
        self.client, self.queue, self.concurrency, self.stall_seconds = client, queue, concurrency, stall_seconds
        self.blocked_since = None  # since when messages wait while a process is free and nothing is received
        self.exiting_since = None

    def blocked(self):
        """Whether messages wait in the queue while a process is free."""
        from redis.exceptions import RedisError

        try:
            waiting = self.client.llen(self.queue)
        except RedisError:
            return False  # the broker is away: the consumer's own reconnection deals with that
        return bool(waiting) and len(worker_state.active_requests) < self.concurrency

    def check(self, now=None):
        """SIGTERM to this worker once it has been blocked ``stall_seconds`` (a warm shutdown lets running tasks
        finish); if it is still there that long after, exit at once. Returns "stop" when it shut the worker down."""
        now = time.monotonic() if now is None else now
        if self.exiting_since is not None:
            if now - self.exiting_since > self.stall_seconds:
                log.error("Worker still running %.0f s after its warm shutdown; exiting", now - self.exiting_since)
                os._exit(1)
            return None
        if not self.blocked():
            self.blocked_since = None
            return None
        if self.blocked_since is None or _last_received > self.blocked_since:
            self.blocked_since = now  # a message taken since the last check: it is working
            return None
        if now - self.blocked_since < self.stall_seconds:
            return None
        log.error(
            "Worker has taken no task for %.0f s although tasks wait in %r and a process is free: its broker "
            "connection is stuck; shutting down for the process manager to start it again",
            now - self.blocked_since, self.queue,
        )
        self.exiting_since = now
        os.kill(os.getpid(), signal.SIGTERM)
        return "stop"

    def run(self):
        while True:
            time.sleep(CHECK_EVERY)
            self.check()


@worker_ready.connect
def _start(sender, **kwargs):
    """In the worker's main process, for a Redis broker (the transport this happens with)."""
    app = sender.app
    if not app.conf.broker_url.startswith("redis"):
        return
    import redis

    client = redis.Redis.from_url(app.conf.broker_url, socket_timeout=5, socket_connect_timeout=5)
    watchdog = Watchdog(client, app.conf.task_default_queue, sender.controller.concurrency)
    threading.Thread(target=watchdog.run, name="broker-watchdog", daemon=True).start()
