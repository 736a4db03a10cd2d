"""Point 4 of issue 23, the worker's side: a worker whose broker connection is stuck after the broker restarted
(messages wait, a process is free, nothing comes) shuts down for its process manager to start it again."""

import signal

import pytest
from redis.exceptions import ConnectionError

from config import watchdog


class Queue:
    def __init__(self, waiting=0, error=None):
        self.waiting, self.error = waiting, error

    def llen(self, name):
        if self.error:
            raise self.error
        return self.waiting


@pytest.fixture
def signals(monkeypatch):
    sent = []
    monkeypatch.setattr(watchdog.os, "kill", lambda pid, sig: sent.append(sig))
    monkeypatch.setattr(watchdog, "_last_received", 0.0)
    monkeypatch.setattr(watchdog.worker_state, "active_requests", set())
    return sent


def test_a_worker_that_takes_nothing_while_tasks_wait_shuts_down_after_the_stall(signals):
    dog = watchdog.Watchdog(Queue(waiting=3), "celery", concurrency=2, stall_seconds=60)
    assert dog.check(now=1000) is None  # blocked from now on
    assert dog.check(now=1030) is None
    assert dog.check(now=1061) == "stop" and signals == [signal.SIGTERM]
    assert dog.check(now=1070) is None and signals == [signal.SIGTERM]  # once


def test_a_worker_that_takes_messages_is_left_alone(signals, monkeypatch):
    dog = watchdog.Watchdog(Queue(waiting=3), "celery", concurrency=2, stall_seconds=60)
    for now in range(1000, 1200, 10):
        monkeypatch.setattr(watchdog, "_last_received", now - 1)  # it took one a second ago
        assert dog.check(now=now) is None
    assert signals == []


def test_an_empty_queue_a_busy_worker_or_an_absent_broker_is_no_stall(signals, monkeypatch):
    for queue in (Queue(waiting=0), Queue(error=ConnectionError("refused"))):
        dog = watchdog.Watchdog(queue, "celery", concurrency=2, stall_seconds=60)
        assert [dog.check(now=t) for t in (1000, 1100, 1200)] == [None, None, None]
    monkeypatch.setattr(watchdog.worker_state, "active_requests", {"an export", "another"})
    dog = watchdog.Watchdog(Queue(waiting=5), "celery", concurrency=2, stall_seconds=60)
    assert [dog.check(now=t) for t in (1000, 1100, 1200)] == [None, None, None]
    assert signals == []


def test_the_watchdog_starts_only_with_a_redis_broker(monkeypatch):
    from types import SimpleNamespace

    started = []
    monkeypatch.setattr(watchdog.threading, "Thread", lambda **kw: SimpleNamespace(start=lambda: started.append(kw)))
    worker = SimpleNamespace(controller=SimpleNamespace(concurrency=2))
    for url in ("filesystem://", "redis://127.0.0.1:1/0"):
        worker.app = SimpleNamespace(conf=SimpleNamespace(broker_url=url, task_default_queue="celery"))
        watchdog._start(sender=worker)
    assert [kw["name"] for kw in started] == ["broker-watchdog"]
