"""Every page at province scale (issue 19.2 and 19.3): server time and query count per page, and the reminder scan.

    .venv/bin/python bench/pages_scale.py            # drops and rebuilds the database jinggang_bench_pages
    BENCH_DB=other .venv/bin/python bench/pages_scale.py
    .venv/bin/python bench/pages_scale.py --reuse    # keeps the database of the last run
    .venv/bin/python bench/pages_scale.py --reuse --only scan --scan-runs 5   # the reminder scan alone, five runs

On PostgreSQL at 127.0.0.1 (user postgres). It drops and creates its own database (``BENCH_DB``), migrates it, loads
the demo (its accounts and a post in every state), then adds the province's data in bulk: 250 units (罗店镇 of the
demo among them), 51,000 people with accounts, 10,000 posts in registration in one campaign (the round closes
tomorrow), 100,000 applications, 20,000 current terms, 2,000 interview sessions, and a second campaign of 100
posts built the same way. Then ``ANALYZE`` (autovacuum is off on this machine), and:

1. Pages. For each demo role (office, the unit secretary of 罗店镇, the candidate, the examiner) it follows links from
   the home page as tests/test_crawl.py does and keeps one address per page (per URL pattern and set of query
   parameters). Each page is opened once to warm up, then five times; it prints the median server time (the test
   client in this process: no network) and the query count, then, on the campaign pages, whether the query count at
   100 posts is the same as at 10,000. Last line of the part, exactly:
   ``pages: N, worst median: M ms (URL), most queries: Q (URL)``.
2. The reminder scan over the 100,000 open deadlines (each application's registration closing tomorrow, and the
   rest of the rules), ``--scan-runs`` times (5 unless told; 0 skips it): each run empties the reminders (TRUNCATE,
   as a fresh database has none), runs ``ANALYZE``, then a first scan and a second that must create nothing, and
   prints its figures with the load average. Then the medians of the runs; last line of the part, exactly:
   ``reminder scan: S s first, T s second, created C then 0``. ``--only scan`` skips the pages.

The baseline, measured in the same run: the median of the same client fetching the login page (a small page with
no query), printed first, so that a slow machine shows as such. The load average is printed with the figures.
"""

import datetime
import os
import random
import re
import statistics
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = os.environ.get("BENCH_DB", "jinggang_bench_pages")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The scan hands each reminder to the sending task through a real broker (a Redis database of the bench's own,
# emptied before and after): the bench measures the scan and the hand-over, not the sending.
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ["CELERY_BROKER_URL"] = BROKER
os.environ["REDIS_URL"] = BROKER
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"

import psycopg2  # noqa: E402


def recreate_database():
    admin = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DB}"')
    admin.close()


REUSE = "--reuse" in sys.argv
ONLY_SCAN = "--only" in sys.argv and sys.argv[sys.argv.index("--only") + 1] == "scan"
SCAN_RUNS = int(sys.argv[sys.argv.index("--scan-runs") + 1]) if "--scan-runs" in sys.argv else 5
if not REUSE:
    recreate_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.clients import logged_in  # noqa: E402
from competition.models import (  # noqa: E402
    Application,
    Campaign,
    InterviewSession,
    Person,
    Position,
    Post,
    Round,
    Unit,
)
from notifications.models import Reminder  # noqa: E402
from notifications.tasks import reminders_scan  # noqa: E402
from tenure.models import Term  # noqa: E402

RUNS = 5
ROLES = ("office", "luodian", "candidate", "examiner")
LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/media/", "/accounts/logout", "/i18n/", "/admin/", "/health")
BATCH = 5000


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


# --- The data ----------------------------------------------------------------------------------------------------


def id_number(n: int) -> str:
    """A valid resident ID number (GB 11643) for bench person ``n``."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n % 9000)
    body = f"3101{n // 1000 % 100:02d}{birth:%Y%m%d}{n % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


@transaction.atomic
def campaign_in_registration(name, units, people, posts, per_post, rng):
    """A campaign whose ``posts`` posts are in registration, the round closing tomorrow, ``per_post`` applications
    each, all awaiting review."""
    now = timezone.now()
    campaign = Campaign.objects.create(name=name, start_date=timezone.localdate())
    round_ = Round.objects.create(campaign=campaign, number=1, registration_opens=now - datetime.timedelta(days=5),
                                  registration_closes=now + datetime.timedelta(days=1))
    positions = Position.objects.bulk_create(
        [Position(unit=units[i % len(units)], title=f"{name}职位{i}") for i in range(posts)], batch_size=BATCH
    )
    post_rows = Post.objects.bulk_create(
        [Post(campaign=campaign, round=round_, unit=p.unit, position=p, title=p.title, status=Post.Status.REGISTRATION)
         for p in positions],
        batch_size=BATCH,
    )
    applications = []
    for post in post_rows:
        for k in rng.sample(range(len(people)), per_post):
            person = people[k]
            applications.append(Application(
                post=post, round=round_, person=person,
                # Awaiting review, as most are the day before the close: each is a deadline of the reminder scan.
                status=Application.Status.SUBMITTED,
                applicant_unit_id=person.current_unit_id, applicant_leadership_level=person.leadership_level,
                applicant_grade=person.grade, applicant_education=person.education,
                from_other_unit=person.current_unit_id != post.unit_id,
            ))
    Application.objects.bulk_create(applications, batch_size=BATCH)
    InterviewSession.objects.bulk_create(
        [InterviewSession(campaign=campaign, name=f"{name}第{i}场", venue="区委党校") for i in range(max(posts // 5, 1))],
        batch_size=BATCH,
    )
    return campaign, positions


def build():
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    rng = random.Random(19)
    luodian = Unit.objects.get(name="罗店镇")
    units = [luodian, *Unit.objects.bulk_create(
        [Unit(name=f"基准单位{i}", kind="town" if i % 2 else "bureau", leadership_quota=80) for i in range(249)]
    )]
    users = User.objects.bulk_create(
        [User(username=f"bench{i}", password="!", full_name=f"人员{i}") for i in range(51_000)], batch_size=BATCH
    )
    people = Person.objects.bulk_create(
        [
            Person(
                user=user, name=f"人员{i}", id_number=id_number(i), sex="F" if i % 3 == 0 else "M",
                birth_date=datetime.date(1970, 1, 1) + datetime.timedelta(days=i % 9000),
                education=["junior_college", "bachelor", "master"][i % 3], current_unit=units[i % len(units)],
                leadership_level=["", "deputy_section", "section"][i % 3] if i % 2 == 0 else "",
                grade=["clerk_1", "principal_4", "principal_2"][i % 3] if i % 2 else "",
                declaration_signed_at=timezone.now(),
            )
            for i, user in enumerate(users)
        ],
        batch_size=BATCH,
    )
    big, positions = campaign_in_registration("省级基准竞岗", units, people, 10_000, 10, rng)
    small, _ = campaign_in_registration("省级基准竞岗（小）", units, people, 100, 10, rng)
    today = timezone.localdate()
    Term.objects.bulk_create(
        [
            Term(person=people[i], position=positions[i % len(positions)], unit=positions[i % len(positions)].unit,
                 origin="import", start=today - datetime.timedelta(days=365 * 2 + i % 700),
                 end=today + datetime.timedelta(days=30 + i % 1000), status=Term.Status.SERVING)
            for i in range(20_000)
        ],
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - began:.0f} s: {Post.objects.count()} posts, "
          f"{Application.objects.count()} applications, {Person.objects.count()} people, {Term.objects.count()} terms")
    return big, small


# --- The pages ---------------------------------------------------------------------------------------------------


def shape(url: str) -> str | None:
    """One page per URL pattern and set of query parameters (a list's page 2 is the same page as its page 1)."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = sorted({key for key, _ in parse_qsl(parts.query)} - {"page"})
    return f"{match.route}?{'&'.join(keys)}"


def pages_of(client: Client, limit: int = 200) -> list[str]:
    """The pages the user reaches by following links from the home page, one address per page."""
    seen, shapes, queue, pages = {"/"}, set(), deque(["/"]), []
    while queue and len(pages) < limit:
        url = queue.popleft()
        key = shape(url)
        if key is None or key in shapes:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        shapes.add(key)
        pages.append(url)
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if not link.startswith(SKIP) and link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def measure(client: Client, url: str) -> tuple[float, int, int]:
    """(median server time in ms, query count, status) over RUNS requests after one to warm up."""
    client.get(url)
    times, queries, status = [], 0, 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        queries, status = len(captured), response.status_code
    return statistics.median(times), queries, status


def bench_pages(big: Campaign, small: Campaign) -> None:
    anonymous = Client()
    health = statistics.median(measure(anonymous, "/accounts/login/")[0] for _ in range(3))
    print(f"baseline: /accounts/login/ median {health:.1f} ms · {load_average()}")
    results = []  # (median, queries, url, role)
    same, differ = 0, []
    for role in ROLES:
        client = logged_in(User.objects.get(username=role))
        pages = pages_of(client)
        # The big campaign's own pages, which links from the home page may not reach (the demo's come first).
        pages += [f"/office/campaigns/{big.pk}/", f"/reports/campaigns/{big.pk}/"] if role in ("office", "luodian") else []
        for url in dict.fromkeys(pages):
            median, queries, status = measure(client, url)
            if status != 200:
                continue
            results.append((median, queries, url, role))
            print(f"{role:<10} {median:8.1f} ms {queries:4d} q  {url}")
            if str(big.pk) in url.split("?")[0].split("/"):
                small_url = re.sub(rf"/{big.pk}/", f"/{small.pk}/", url)
                small_queries = measure(client, small_url)[1]
                if small_queries == queries:
                    same += 1
                else:
                    differ.append(f"{url}: {small_queries} at 100 posts, {queries} at 10,000")
    print(f"query count at 100 and at 10,000 posts: the same on {same} of {same + len(differ)} campaign pages")
    for line in differ:
        print(f"  differs: {line}")
    worst = max(results)
    most = max(results, key=lambda row: row[1])
    print(f"{load_average()}")
    print(f"pages: {len(results)}, worst median: {worst[0]:.0f} ms ({worst[2]}), most queries: {most[1]} ({most[2]})")


def scan_once() -> tuple[float, float, int, int]:
    """One run from no reminder on an analysed database: (first scan s, second scan s, created, created again)."""
    flush_broker()
    with connection.cursor() as cursor:
        # Every reminder deleted as TRUNCATE does, so that no run inherits the dead rows of the last one (autovacuum
        # is off on this machine): each starts from the table a fresh database has.
        cursor.execute(f"TRUNCATE {Reminder._meta.db_table}")
        cursor.execute("ANALYZE")
    began = time.perf_counter()
    reminders_scan()
    first = time.perf_counter() - began
    created = Reminder.objects.count()
    began = time.perf_counter()
    reminders_scan()
    second = time.perf_counter() - began
    again = Reminder.objects.count() - created
    return first, second, created, again


def bench_scan(runs: int) -> None:
    results = []
    for run in range(1, runs + 1):
        first, second, created, again = scan_once()
        results.append((first, second, created, again))
        print(f"scan run {run}: {first:.1f} s first, {second:.1f} s second, created {created} then {again}"
              f" · {load_average()}")
    first = statistics.median(row[0] for row in results)
    second = statistics.median(row[1] for row in results)
    # Every run must create the same rows and nothing the second time; a run that differs is printed as it is.
    created = {row[2] for row in results}
    again = {row[3] for row in results}
    created_text = str(created.pop()) if len(created) == 1 else "/".join(str(row[2]) for row in results)
    again_text = str(again.pop()) if len(again) == 1 else "/".join(str(row[3]) for row in results)
    print(f"medians of {runs} runs (each from no reminder, after ANALYZE) · {load_average()}")
    print(f"reminder scan: {first:.1f} s first, {second:.1f} s second, created {created_text} then {again_text}")


def flush_broker() -> None:
    import redis

    redis.Redis.from_url(BROKER).flushdb()


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    flush_broker()
    if REUSE:
        big, small = Campaign.objects.get(name="省级基准竞岗"), Campaign.objects.get(name="省级基准竞岗（小）")
        Reminder.objects.all().delete()  # the scan's part starts from no reminder, as after a build
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        big, small = build()
    if not ONLY_SCAN:
        bench_pages(big, small)
    if SCAN_RUNS:
        bench_scan(SCAN_RUNS)
    flush_broker()


if __name__ == "__main__":
    main()
