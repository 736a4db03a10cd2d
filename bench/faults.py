"""Fault bench (issue 23): a mixed load (board reads, applications, votes, exports) against the product's own stack
while, in turn, PostgreSQL restarts, the cache Redis stops for ten seconds, the broker Redis stops, and the Celery
worker is killed while it sends reminders and while it exports. After each fault the database is checked, and one
line says what happened; the last line is

    faults: N injected, acknowledged lost 0, duplicates 0, 500s E

Run it with bench/faults.sh: it starts a PostgreSQL cluster and two Redis servers of its own (the faults go into
those only), migrates, and calls ``python bench/faults.py WORKDIR``; WORKDIR/ctl restarts and stops them. This
script starts gunicorn and the Celery worker itself, so that it can kill the worker. The periodic jobs (the
reminder scan, the re-queue of kept tasks, the export recovery) are called here when a beat would have run them,
so that the bench does not wait for their schedules.
"""

import asyncio
import collections
import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from bench.registration_rush import CSRF, NoCookieJar, create, django_setup  # noqa: E402

PORT = int(os.environ.get("FAULTS_WEB_PORT", "18764"))
RATE = float(os.environ.get("FAULTS_RATE", "15"))  # applications per second, and as many board reads
VOTE_EVERY = 3  # one ballot per this many applications
CANDIDATES = int(os.environ.get("FAULTS_CANDIDATES", "800"))
EXPORT_ROWS = int(os.environ.get("FAULTS_EXPORT_ROWS", "30000"))  # people in the roster the killed export writes
REMINDERS = 80
RETRY_WAIT = 2  # a client retries a 503 after this (the page says 10 s; the bench does not wait that long)
RETRIES = 6
BIN = Path(sys.executable).parent


def log(message):
    print(message, flush=True)


class Stack:
    """gunicorn and the Celery worker (this script's children), and the servers bench/faults.sh started."""

    def __init__(self, work):
        self.work = Path(work)
        self.web = self.worker = None
        self.workers_started = self.watchdog_restarts = 0
        self.lock = threading.RLock()
        self.stopping = False

    def ctl(self, action):
        subprocess.run([str(self.work / "ctl"), action], check=True, capture_output=True)

    def _spawn(self, name, command):
        logfile = open(self.work / f"{name}.log", "a")
        process = subprocess.Popen(command, cwd=ROOT, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
        with open(self.work / "pids", "a") as pids:  # bench/faults.sh's trap ends them if this script cannot
            pids.write(f"{process.pid}\n")
        return process

    def start_web(self):
        workers = 2 * (os.cpu_count() or 1) + 1
        self.web = self._spawn("web", [str(BIN / "gunicorn"), "bench.wsgi:application", "-w", str(workers),
                                       "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"])
        return workers

    def start_worker(self):
        self.workers_started += 1
        self.worker_name = f"faults{self.workers_started}@{socket.gethostname()}"
        self.worker = self._spawn("worker", [
            str(BIN / "celery"), "-A", "config", "worker", "--concurrency=2", "--loglevel=info", "--without-gossip",
            "--without-mingle", "--hostname", self.worker_name,
        ])
        log_file = self.work / "worker.log"
        if not wait_for(lambda: log_file.read_text().count(" ready.") >= self.workers_started, 120, every=0.3):
            raise RuntimeError("the Celery worker did not start")

    def replace_worker(self):
        with self.lock:
            self.kill_worker()
            self.start_worker()

    def kill_worker(self):
        """SIGKILL to the worker and its pool: a machine that dies, nothing runs its shutdown."""
        with self.lock:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait()

    def supervise(self):
        """What systemd's Restart=always does for a worker that exits by itself (config/watchdog.py)."""
        while not self.stopping:
            time.sleep(1)
            with self.lock:
                if not self.stopping and self.worker.poll() is not None:
                    self.watchdog_restarts += 1
                    self.start_worker()

    def stop(self):
        self.stopping = True
        for process in (self.web, self.worker):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


# --- The world: candidates with sessions, posts in registration, an open evaluation, a large roster, an office ---


def setup():
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection
    from django.utils import timezone

    from bench.clients import verified_session
    from competition.evaluation import services as evaluations
    from competition.management.commands.load_demo import _with_check
    from competition.models import Person, Unit
    from notifications.models import RuleSetting
    from notifications.registry import REGISTRY
    from tests.competition.stages import at_evaluation
    from tests.factories import OfficeUserFactory, PersonFactory

    world = create(CANDIDATES, 60, warmup=30)
    office = OfficeUserFactory(username="faults_office")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session.update({SESSION_KEY: str(office.pk), BACKEND_SESSION_KEY: "accounts.backends.ModelBackend",
                    HASH_SESSION_KEY: office.get_session_auth_hash()})
    # As after the two-factor check an administrator passes at login, or every office page would redirect to it.
    session.update(verified_session(office))
    session.create()
    world["office"] = {"session": session.session_key, "user": office.pk}

    # The factories' ID numbers repeat every 5,000 people; the rush's candidates took the first thousand of them.
    PersonFactory.reset_sequence(4000)
    post = at_evaluation(Unit.objects.order_by("pk").first())
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=400, date=timezone.localdate(), by=office)
    world["codes"] = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)
    world["evaluation"] = evaluation.pk
    world["ballot"] = {f"c{c.pk}": "competent" for c in evaluation.candidates.all()}

    unit = Unit.objects.order_by("pk").first()
    start = datetime.date(1970, 1, 1)
    Person.objects.bulk_create(
        [Person(name=f"花名册{i}", id_number=_with_check(f"310115{start + datetime.timedelta(days=i % 10000):%Y%m%d}{i // 10000:03d}"),
                birth_date=start + datetime.timedelta(days=i % 10000), sex="F", education="bachelor", grade="clerk_1",
                current_unit=unit) for i in range(EXPORT_ROWS)],
        batch_size=2000,
    )
    # Only the bench's own reminders: the rules would find more in the bench's posts.
    for name in REGISTRY:
        RuleSetting.objects.update_or_create(rule=name, defaults={"lead_days": 1, "enabled": False})
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_delivery (id bigserial PRIMARY KEY, subject text, recipient text)")
        cursor.execute("ANALYZE")
    return world


# --- The load ---


class Tally:
    """What one fault's load did: answers by kind and status, and what the server acknowledged."""

    def __init__(self):
        self.answers = collections.defaultdict(collections.Counter)
        self.errors = collections.Counter()
        self.applied, self.voted, self.exports = set(), [], []

    @property
    def server_errors(self):
        return sum(n for counter in self.answers.values() for status, n in counter.items() if status == 500)

    @property
    def unavailable(self):
        return sum(counter[503] for counter in self.answers.values())


def _cookies(session):
    return {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}


async def _send(client, semaphore, tally, kind, method, path, headers, data=None):
    """One request, retried (RETRIES times at most) after a 503 or a broken connection, as the page asks a user to."""
    response = None
    for _attempt in range(1 + RETRIES):
        async with semaphore:
            try:
                response = await client.request(method, path, headers=headers, data=data)
            except Exception as error:  # noqa: BLE001 - counted, then retried, like a user pressing reload
                tally.errors[f"{kind} {type(error).__name__}"] += 1
                response = None
        if response is not None:
            tally.answers[kind][response.status_code] += 1
            if response.status_code != 503:
                return response
        await asyncio.sleep(RETRY_WAIT)
    return response


async def mixed_load(seconds, tally, candidates, codes, world, *, exports_per_second=0.0, fault=None):
    """Applications and board reads at RATE per second, a ballot every VOTE_EVERY applications, and exports, for
    ``seconds``; ``fault`` (a coroutine) runs beside it."""
    import httpx

    semaphore = asyncio.Semaphore(40)
    limits = httpx.Limits(max_connections=40, max_keepalive_connections=40)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}", limits=limits, timeout=30, cookies=NoCookieJar()) as client:

        async def apply(c):
            r = await _send(client, semaphore, tally, "apply", "POST", f"/posts/{c['post']}/apply/", _cookies(c["session"]),
                            {"statement": "故障压测"})
            if r is not None and r.status_code == 302 and r.headers["location"].endswith("/candidate/applications/"):
                tally.applied.add((c["post"], c["user"]))

        async def read(c):
            await _send(client, semaphore, tally, "read", "GET", "/posts/", _cookies(c["session"]))

        async def vote(code):
            r = await _send(client, semaphore, tally, "vote", "POST", "/vote/", _cookies(""),
                            {"code": code, "cast": "1", **world["ballot"]})
            if r is not None and r.status_code == 200 and 'data-testid="ballot-cast"' in r.text:
                tally.voted.append(code)

        async def export():
            r = await _send(client, semaphore, tally, "export", "POST", "/reports/exports/",
                            _cookies(world["office"]["session"]), {"kind": "terms"})
            if r is not None and r.status_code == 302 and "/reports/exports/" in r.headers["location"]:
                tally.exports.append(int(r.headers["location"].rstrip("/").rsplit("/", 1)[1]))

        jobs = [asyncio.create_task(fault())] if fault else []
        loop = asyncio.get_running_loop()
        started, i, next_export = loop.time(), 0, 0.0
        while loop.time() - started < seconds:
            c = next(candidates, None)
            if c is not None:
                jobs += [asyncio.create_task(apply(c)), asyncio.create_task(read(c))]
            if i % VOTE_EVERY == 0 and (code := next(codes, None)):
                jobs.append(asyncio.create_task(vote(code)))
            if exports_per_second and loop.time() - started >= next_export:
                jobs.append(asyncio.create_task(export()))
                next_export += 1 / exports_per_second
            i += 1
            await asyncio.sleep(1 / RATE)
        await asyncio.gather(*jobs)


def in_thread(function, *args):
    return asyncio.get_running_loop().run_in_executor(None, function, *args)


# --- The checks ---


def check_requests(world, tally):
    """Acknowledged applications and ballots all stored; none twice. Returns (lost, duplicates)."""
    from django.db import connection
    from django.db.models import Count

    from competition.evaluation.services import hash_code
    from competition.models import Application, Ballot, BallotCode, Evaluation

    connection.close()  # this process's connection may predate a restart
    rows = set(Application.objects.filter(round_id=world["round"]).values_list("post_id", "person__user_id"))
    lost = len(tally.applied - rows)
    duplicates = (
        Application.objects.filter(round_id=world["round"]).values("person").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    evaluation = Evaluation.objects.get(pk=world["evaluation"])
    used = set(BallotCode.objects.filter(evaluation=evaluation, used=True).values_list("code_hash", flat=True))
    lost += sum(hash_code(evaluation.salt, code) not in used for code in tally.voted)
    duplicates += max(0, Ballot.objects.filter(evaluation=evaluation).count() - len(used))
    return lost, duplicates


def wait_for(predicate, seconds, every=1.0, between=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if between:
            between()
        if predicate():
            return True
        time.sleep(every)
    return False


def _describe(tally):
    kinds = ", ".join(
        f"{kind} " + " ".join(f"{n}×{status}" for status, n in sorted(c.items())) for kind, c in sorted(tally.answers.items())
    )
    errors = f"; connection errors {sum(tally.errors.values())}" if tally.errors else ""
    return f"{kinds}; 503 (retried) {tally.unavailable}{errors}"


# --- The faults ---


def under_load(stack, world, candidates, codes, seconds, steps, **load):
    """The mixed load for ``seconds`` while ``steps`` run: (seconds into the load, ctl action), in order. Returns
    the tally and the check's (lost, duplicates)."""
    tally = Tally()

    async def inject():
        elapsed = 0
        for at, action in steps:
            await asyncio.sleep(at - elapsed)
            elapsed = at
            await in_thread(stack.ctl, action)

    asyncio.run(mixed_load(seconds, tally, candidates, codes, world, fault=inject, **load))
    return (tally, *check_requests(world, tally))


def _acknowledged(tally):
    return f"acknowledged {len(tally.applied)} applications, {len(tally.voted)} ballots"


def fault_postgresql(stack, world, candidates, codes):
    tally, lost, duplicates = under_load(stack, world, candidates, codes, 12, [(3, "pg-restart")])
    return "PostgreSQL restarted (fast)", tally, lost, duplicates, _acknowledged(tally)


def fault_cache(stack, world, candidates, codes):
    tally, lost, duplicates = under_load(stack, world, candidates, codes, 16, [(2, "cache-stop"), (12, "cache-start")])
    return "cache Redis stopped for 10 s", tally, lost, duplicates, _acknowledged(tally)


def fault_broker(stack, world, candidates, codes):
    from ops.models import QueuedTask
    from ops.outbox import outbox_flush
    from reports.models import ExportJob
    from reports.tasks import exports_recover

    kept_before = QueuedTask.objects.count()
    tally, lost, duplicates = under_load(
        stack, world, candidates, codes, 12, [(2, "broker-stop"), (8, "broker-start")], exports_per_second=1.5
    )
    kept = QueuedTask.objects.count() - kept_before

    def done():
        return ExportJob.objects.filter(pk__in=tally.exports, status=ExportJob.Status.DONE).count() == len(tally.exports)

    # What beat would run once the broker is back: the kept tasks go out, lost messages are queued again.
    wait_for(done, 180, every=2, between=lambda: (outbox_flush(), exports_recover()))
    statuses = collections.Counter(ExportJob.objects.filter(pk__in=tally.exports).values_list("status", flat=True))
    lost += len(tally.exports) - statuses["done"]
    return ("broker Redis stopped for 6 s", tally, lost, duplicates,
            f"{len(tally.exports)} exports acknowledged, {kept} tasks kept in the database meanwhile; exports "
            + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())))


def fault_worker_reminders(stack, world):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from competition.models import Post
    from notifications.delivery import INTERRUPTED
    from notifications.models import Reminder
    from notifications.tasks import reminders_scan

    users = list(User.objects.filter(pk__in=[c["user"] for c in world["candidates"][:REMINDERS]]))
    post_type, post_id = ContentType.objects.get_for_model(Post), Post.objects.order_by("pk").first().pk
    Reminder.objects.bulk_create([
        Reminder(rule="bench", content_type=post_type, object_id=post_id, recipient=user, due_date=timezone.localdate(),
                 subject=f"bench reminder {user.pk}", body="故障压测", url="/") for user in users
    ])
    reminders_scan()  # hands every pending row to the worker
    wait_for(lambda: Reminder.objects.filter(status=Reminder.Status.SENT).count() >= REMINDERS // 4, 150, every=0.1)
    sent_before_kill = Reminder.objects.filter(status=Reminder.Status.SENT).count()
    stack.replace_worker()

    def settled():
        return not Reminder.objects.filter(status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING]).exists()

    # The hourly scan, run every few seconds here (the lease is a few seconds in this bench).
    wait_for(settled, 120, every=3, between=reminders_scan)
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject, recipient, count(*) FROM bench_delivery GROUP BY subject, recipient")
        deliveries = {(subject, recipient): n for subject, recipient, n in cursor.fetchall()}
    sent = failed = lost = duplicates = 0
    for reminder in Reminder.objects.select_related("recipient"):
        n = deliveries.get((reminder.subject, reminder.recipient.email), 0)
        duplicates += n > 1
        if reminder.status == Reminder.Status.SENT:
            sent += 1
            lost += n == 0
        elif reminder.status == Reminder.Status.FAILED and reminder.last_error == INTERRUPTED:
            failed += 1  # delivered at most once; the office's page offers to resend it
        else:
            lost += 1
    return ("worker killed while sending reminders", Tally(), lost, duplicates,
            f"{REMINDERS} reminders ({sent_before_kill} sent before the kill): {sent} sent exactly once, "
            f"{failed} interrupted and marked for resend")


def fault_worker_export(stack, world):
    import httpx

    from competition.models import Person
    from reports.models import ExportJob
    from reports.services import export_restart
    from reports.tasks import exports_recover

    response = httpx.post(f"http://127.0.0.1:{PORT}/reports/exports/", headers=_cookies(world["office"]["session"]),
                          data={"kind": "roster"}, timeout=30)
    job_id = int(response.headers["location"].rstrip("/").rsplit("/", 1)[1])
    wait_for(lambda: ExportJob.objects.filter(pk=job_id, status="running", done__gte=1000).exists(), 120, every=0.05)
    done_at_kill = ExportJob.objects.get(pk=job_id).done
    stack.replace_worker()
    failed = wait_for(lambda: ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.FAILED).exists(), 60,
                      every=1, between=exports_recover)
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    export_restart(job=job, by=job.requested_by)
    finished = wait_for(lambda: ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.DONE).exists(), 180, every=1)
    job.refresh_from_db()
    people = Person.objects.count()
    lost = 0 if (failed and finished and job.done == job.total == people) else 1
    return ("worker killed while exporting", Tally(), lost, 0,
            f"killed at row {done_at_kill} of {people}: marked failed, started again, finished with {job.done} rows")


def fault_worker_stuck(stack, world):
    """What a Celery/kombu fault sometimes leaves after a broker restart (the bench met it before config/watchdog.py):
    a worker connected but taking nothing. Staged by telling the worker to stop consuming its queue."""
    from accounts.models import User
    from config.celery import app
    from reports.models import ExportJob
    from reports.services import export_start

    restarts = stack.watchdog_restarts
    app.control.cancel_consumer(app.conf.task_default_queue, destination=[stack.worker_name], reply=True, timeout=10)
    office = User.objects.get(pk=world["office"]["user"])
    jobs = [export_start(kind="terms", by=office).pk for _ in range(5)]
    started = time.monotonic()
    wait_for(lambda: ExportJob.objects.filter(pk__in=jobs, status=ExportJob.Status.DONE).count() == len(jobs), 240, every=2)
    done = ExportJob.objects.filter(pk__in=jobs, status=ExportJob.Status.DONE).count()
    return ("worker connected but taking nothing", Tally(), len(jobs) - done, 0,
            f"it shut itself down and was started again {stack.watchdog_restarts - restarts} time(s); {done} of "
            f"{len(jobs)} exports queued meanwhile done {time.monotonic() - started:.0f} s later")


def main(work):
    django_setup()
    stack = Stack(work)
    started = time.monotonic()
    world = setup()
    log(f"setup: {len(world['candidates'])} candidates, {len(world['codes'])} ballot codes, {EXPORT_ROWS} extra people "
        f"in the roster ({time.monotonic() - started:.0f} s)")
    workers = stack.start_web()
    stack.start_worker()
    threading.Thread(target=stack.supervise, daemon=True).start()
    try:
        time.sleep(3)
        log(f"stack: gunicorn {workers} sync workers, 1 Celery worker (2 processes), PostgreSQL and two Redis of its "
            f"own; load: {RATE:g} applications/s and as many board reads, a ballot every {VOTE_EVERY} applications")
        warmup = Tally()
        asyncio.run(mixed_load(2, warmup, iter(world["warmup"]), iter([]), world))
        candidates, codes = iter(world["candidates"]), iter(world["codes"])
        injections = [
            lambda: fault_postgresql(stack, world, candidates, codes),
            lambda: fault_cache(stack, world, candidates, codes),
            lambda: fault_broker(stack, world, candidates, codes),
            lambda: fault_worker_reminders(stack, world),
            lambda: fault_worker_export(stack, world),
            lambda: fault_worker_stuck(stack, world),
        ]
        only = {int(n) for n in os.environ.get("FAULTS_ONLY", "").split(",") if n}  # to look at one fault again
        results = [inject() for n, inject in enumerate(injections, 1) if not only or n in only]
    finally:
        stack.stop()
    lines, failed = summary(results)
    for line in lines[:-1]:
        log(line)
    web_log = (Path(work) / "web.log").read_text()
    log(f"web log: {web_log.count(' unavailable (')} outage warnings and {web_log.count('available again')} recoveries "
        f"from {workers} web workers; {web_log.count('Traceback')} tracebacks")
    log(f"load average at the end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}; "
        f"{time.monotonic() - started:.0f} s in all")
    log(lines[-1])
    return 1 if failed else 0


def summary(results):
    """One line per fault, and the last line; results are (name, tally, lost, duplicates, what happened)."""
    lines, lost, duplicates, errors = [], 0, 0, 0
    for n, (name, tally, fault_lost, fault_duplicates, what) in enumerate(results, 1):
        lost, duplicates, errors = lost + fault_lost, duplicates + fault_duplicates, errors + tally.server_errors
        load = f"; load: {_describe(tally)}" if tally.answers else ""
        lines.append(f"{n}. {name}: {what}; lost {fault_lost}, duplicates {fault_duplicates}, 500s {tally.server_errors}{load}")
    lines.append(f"faults: {len(results)} injected, acknowledged lost {lost}, duplicates {duplicates}, 500s {errors}")
    return lines, (lost, duplicates, errors) != (0, 0, 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
