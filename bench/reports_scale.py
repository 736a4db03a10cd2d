"""Scale benchmark of the reports (issue 8): dashboard server time and query count, export memory.

Run by hand on PostgreSQL, on a database of its own (it adds a province-sized campaign and keeps it for the
next run):

    createdb -h 127.0.0.1 -U postgres jinggang_reports_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinggang_reports_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/reports_scale.py

It generates (bulk_create) 10,000 posts, 100,000 applications and 50,000 people, then prints:
- the dashboard page's server time and query count (test client, logged in as the office), next to a
  baseline measured in the same run: one raw SQL aggregate over the same applications;
- the query count on a campaign a hundred times smaller (it must be the same);
- a 100,000-row export's memory growth (tracemalloc peak, and the process's RSS growth).

Measured 2026-11-25 on the shared 2-CPU build machine (load average 12 while other builds ran):
dashboard with 10,000 posts best 981 ms / median 1176 ms, 16 queries (16 also with 100 posts, 180 ms);
campaign_statistics alone 0.81 s (load 11; 0.55 s at a quieter moment); baseline raw SQL count 55 ms;
export of 100,000 rows 22.9 s, 4.3 MB file, RSS growth 3.1 MB, tracemalloc peak 2.6 MB.
"""

import datetime
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.clients import logged_in  # noqa: E402
from competition.models import (  # noqa: E402
    Application,
    Campaign,
    InterviewSession,
    InterviewSlot,
    Person,
    Position,
    Post,
    Round,
    Unit,
)
from reports.exports import write_list  # noqa: E402
from reports.statistics import campaign_statistics  # noqa: E402
from tenure.models import Term  # noqa: E402

NAME = "基准竞岗"
SMALL = "基准竞岗（小）"
OUTCOMES = ["interview_failed"] * 6 + ["evaluation_failed", "unqualified", "withdrawn"]


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


@transaction.atomic
def generate(name, posts, people_count, per_post, seed=1):
    rng = random.Random(seed)
    start = datetime.date(2024, 1, 1)
    decided = datetime.date(2024, 6, 28)
    units = Unit.objects.bulk_create(
        [Unit(name=f"{name}单位{i}", kind="town", leadership_quota=40) for i in range(max(posts // 20, 5))]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                name=f"人员{i}",
                id_number=f"{abs(hash(name)) % 10**6:06d}{i:012d}",
                sex="F" if i % 3 == 0 else "M",
                birth_date=datetime.date(1965 + i % 30, 1 + i % 12, 1 + i % 28),
                education=["junior_college", "bachelor", "master"][i % 3],
                current_unit=units[i % len(units)],
                leadership_level=["", "deputy_section", "section"][i % 3] if i % 2 == 0 else "",
                grade=["clerk_1", "principal_4", "principal_2"][i % 3] if i % 2 else "",
            )
            for i in range(people_count)
        ],
        batch_size=5000,
    )
    campaign = Campaign.objects.create(name=name, start_date=start)
    opens = timezone.make_aware(datetime.datetime(2024, 1, 2, 9))
    rounds = Round.objects.bulk_create(
        [
            Round(campaign=campaign, number=n, registration_opens=opens, registration_closes=opens + datetime.timedelta(days=7))
            for n in (1, 2)
        ]
    )
    positions = Position.objects.bulk_create(
        [Position(unit=units[i % len(units)], title=f"{name}职位{i}") for i in range(posts)], batch_size=5000
    )
    statuses = ["appointed"] * 80 + ["internal"] * 15 + ["inspection"] * 3 + ["failed"] * 2
    # Bench data only: posts created directly in a final state, like the archive import does.
    post_rows = Post.objects.bulk_create(
        [
            Post(
                campaign=campaign,
                round=rounds[i % 2],
                unit=position.unit,
                position=position,
                title=position.title,
                status=statuses[i % len(statuses)],
            )
            for i, position in enumerate(positions)
        ],
        batch_size=5000,
    )
    applications = []
    for _i, post in enumerate(post_rows):
        chosen = rng.sample(range(people_count), per_post)
        for k, p in enumerate(chosen):
            person = people[p]
            appointed = k == 0 and post.status == "appointed"
            applications.append(
                Application(
                    post=post,
                    round=post.round,
                    person=person,
                    status="qualified",
                    outcome="appointed" if appointed else ("internal" if post.status == "internal" else rng.choice(OUTCOMES)),
                    outcome_on=decided,
                    applicant_unit_id=person.current_unit_id,
                    applicant_leadership_level=person.leadership_level,
                    applicant_grade=person.grade,
                    applicant_education=person.education,
                    from_other_unit=person.current_unit_id != post.unit_id,
                )
            )
    applications = Application.objects.bulk_create(applications, batch_size=5000)
    sessions = InterviewSession.objects.bulk_create(
        [InterviewSession(campaign=campaign, name=f"第{i}场") for i in range(max(posts // 5, 1))], batch_size=5000
    )
    InterviewSlot.objects.bulk_create(
        [
            InterviewSlot(session=sessions[(a.post_id) % len(sessions)], application=a, absent=n % 10 == 0)
            for n, a in enumerate(applications)
            if a.outcome not in ("unqualified", "withdrawn", "internal")
        ],
        batch_size=5000,
    )
    Term.objects.bulk_create(
        [
            Term(person=people[i], position=positions[i % posts], unit=positions[i % posts].unit, origin="import",
                 start=datetime.date(2019, 1, 1), end=datetime.date(2024, 12, 31))
            for i in range(0, min(people_count, posts * 3), 3)
        ],
        batch_size=5000,
    )
    return campaign


def ensure(name, **sizes):
    campaign = Campaign.objects.filter(name=name).first()
    if campaign is None:
        began = time.perf_counter()
        campaign = generate(name, **sizes)
        print(f"generated {name}: {time.perf_counter() - began:.1f} s")
    return campaign


def timed_dashboard(client, campaign, runs=5):
    url = reverse("reports:dashboard", args=[campaign.pk])
    client.get(url)  # warm-up
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    return min(times), sorted(times)[len(times) // 2], len(queries)


def baseline(campaign, runs=5):
    sql = (
        "SELECT count(*), count(*) FILTER (WHERE a.from_other_unit) FROM competition_application a "
        "JOIN competition_post p ON p.id = a.post_id WHERE p.campaign_id = %s"
    )
    times = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            began = time.perf_counter()
            cursor.execute(sql, [campaign.pk])
            cursor.fetchall()
            times.append(time.perf_counter() - began)
    return min(times), sorted(times)[len(times) // 2]


def main():
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    big = ensure(NAME, posts=10_000, people_count=50_000, per_post=10)
    small = ensure(SMALL, posts=100, people_count=1_000, per_post=10)
    # Figures on an analysed database (autovacuum is off on this machine): without it the planner guesses at
    # empty tables and the dashboard took four times as long (issue 19).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    office, _ = User.objects.get_or_create(username="bench-office", defaults={"is_office": True})
    client = logged_in(office)

    n_posts = Post.objects.filter(campaign=big).count()
    n_apps = Application.objects.filter(post__campaign=big).count()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"data: {n_posts} posts, {n_apps} applications, {Person.objects.count()} people")

    best, median, queries = timed_dashboard(client, big)
    print(f"dashboard (10,000 posts): best {best * 1000:.0f} ms, median {median * 1000:.0f} ms, {queries} queries")
    best_s, median_s, queries_s = timed_dashboard(client, small)
    print(f"dashboard (100 posts):    best {best_s * 1000:.0f} ms, median {median_s * 1000:.0f} ms, {queries_s} queries")
    began = time.perf_counter()
    campaign_statistics(big)
    print(f"campaign_statistics alone: {(time.perf_counter() - began) * 1000:.0f} ms")
    b_best, b_median = baseline(big)
    print(f"baseline raw SQL count over the same applications: best {b_best * 1000:.0f} ms, median {b_median * 1000:.0f} ms")

    with tempfile.TemporaryFile() as stream:
        rss_before = rss_mb()
        began = time.perf_counter()
        rows = write_list("results", stream, campaign=big)
        print(
            f"export of {rows} rows: {time.perf_counter() - began:.1f} s, file {stream.tell() / 2**20:.1f} MB, "
            f"RSS growth {rss_mb() - rss_before:.1f} MB"
        )
    with tempfile.TemporaryFile() as stream:
        rss_before = rss_mb()
        tracemalloc.start()
        began = time.perf_counter()
        rows = write_list("results", stream, campaign=big)
        elapsed = time.perf_counter() - began
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = stream.tell()
    print(
        f"the same under tracemalloc: {elapsed:.1f} s, file {size / 2**20:.1f} MB, "
        f"tracemalloc peak {peak / 2**20:.1f} MB, RSS growth {rss_mb() - rss_before:.1f} MB"
    )


if __name__ == "__main__":
    main()
