"""Registration rush: many distinct candidates apply in a burst; compared with a bare one-row insert.

Run it with bench/run.sh (which creates the database, starts gunicorn and calls the three steps):
    python bench/registration_rush.py setup  N_CANDIDATES N_POSTS  > tokens.json
    python bench/registration_rush.py load   URL tokens.json CONCURRENCY
    python bench/registration_rush.py check  tokens.json
"""

import asyncio
import datetime
import http.cookiejar
import json
import os
import statistics
import sys
import time
from importlib import import_module

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def django_setup():
    import django

    django.setup()


WARMUP = 50  # candidates who apply before the measurement, so that every worker has run the path once


def setup(n_candidates, n_posts):
    django_setup()
    json.dump(create(n_candidates, n_posts), sys.stdout)


def create(n_candidates, n_posts, *, warmup=WARMUP):
    """Posts in registration and candidates with logged-in sessions: {"round", "warmup", "candidates"}, each
    candidate as {"session", "post", "user"} (bench/faults.py uses it too)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from competition.models import Campaign, Person, Position, Post, Round, Unit
    from tests.factories import _id_number

    # The configured engine, as logging in uses: with Redis, cached_db keeps the session in the cache too.
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, created_at timestamptz)")
    now = timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.create(name=f"bench {now:%H%M%S}", posts_per_candidate_per_round=1)
        round_ = Round.objects.create(
            campaign=campaign, number=1,
            registration_opens=now - datetime.timedelta(hours=1), registration_closes=now + datetime.timedelta(hours=2),
        )
        units = [Unit.objects.get_or_create(name=f"压测单位{i}", defaults={"kind": "town", "leadership_quota": 8})[0]
                 for i in range(max(1, n_posts // 2))]
        posts = []
        for i in range(n_posts):
            unit = units[i % len(units)]
            position, _ = Position.objects.get_or_create(unit=unit, title=f"岗位{i}")
            post = Post(campaign=campaign, round=round_, unit=unit, position=position, title=position.title)
            post.save()
            posts.append(post)
        # Straight to registration (the workflow path is tested elsewhere; here only applying is measured).
        Post.objects.filter(pk__in=[p.pk for p in posts]).update(status=Post.Status.REGISTRATION)
        users = []
        for i in range(n_candidates + warmup):
            user = User(username=f"bench{now:%H%M%S}_{i}", email=f"bench{i}@example.org", full_name=f"压测{i}")
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        users = list(User.objects.filter(username__startswith=f"bench{now:%H%M%S}_").order_by("pk"))
        start = Person.objects.count() + 10000
        Person.objects.bulk_create([
            Person(user=user, name=user.full_name, id_number=_id_number(start + i)[0], birth_date=_id_number(start + i)[1],
                   sex="M", education="bachelor", grade="clerk_1", current_unit=units[i % len(units)],
                   declaration_signed_at=now)
            for i, user in enumerate(users)
        ])
    tokens = []
    for i, user in enumerate(users):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"  # the one a password login records
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        tokens.append({"session": session.session_key, "post": posts[i % len(posts)].pk, "user": user.pk})
    return {"round": round_.pk, "warmup": tokens[:warmup], "candidates": tokens[warmup:]}


CSRF = "benchcsrfsecretbenchcsrfsecret12"  # 32 characters: an unmasked secret, valid as cookie and header


class NoCookieJar(http.cookiejar.CookieJar):
    """Each request stands for another candidate's browser, which sends its own cookies; one client-wide jar
    would only cost the load tool the parsing of every Set-Cookie."""

    def extract_cookies(self, response, request):
        pass


async def burst(url, requests, concurrency):
    import httpx

    semaphore = asyncio.Semaphore(concurrency)
    latencies, errors = [], []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60, cookies=NoCookieJar()) as client:

        async def one(path, headers, ok):
            async with semaphore:
                started = time.perf_counter()
                try:
                    response = await client.post(path, headers=headers, data={"statement": "压测"})
                    if not ok(response):
                        errors.append(f"{response.status_code} {response.headers.get('location', '')}")
                except httpx.HTTPError as error:
                    errors.append(repr(error))
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(one(*r) for r in requests))
        elapsed = time.perf_counter() - started
    return elapsed, latencies, errors


def summarise(name, parts):
    """Figures over the chunks of one kind: total requests / total time, latency quantiles over all requests."""
    n = sum(len(latencies) for _elapsed, latencies, _errors in parts)
    elapsed = sum(elapsed for elapsed, _latencies, _errors in parts)
    latencies = sorted(latency for _elapsed, part, _errors in parts for latency in part)
    errors = [error for _elapsed, _latencies, part in parts for error in part]
    q = statistics.quantiles(latencies, n=100)
    print(f"{name:<24} {n:>5} requests  {n / elapsed:8.1f} req/s  p50 {q[49] * 1000:7.1f} ms  "
          f"p95 {q[94] * 1000:7.1f} ms  p99 {q[98] * 1000:7.1f} ms  errors {len(errors)}")
    if errors:
        print("   first errors:", errors[:5])
    return n / elapsed


def load(url, tokens_file, concurrency, chunks=6):
    """Baseline and registration bursts alternate in ``chunks`` rounds, so that a change in the machine's load
    (these machines are shared) weighs on both alike."""
    data = json.load(open(tokens_file))
    candidates = data["candidates"]

    def headers(c):
        return {"Cookie": f"sessionid={c['session']}; csrftoken={CSRF}", "X-CSRFToken": CSRF}

    def applied(response):
        return response.status_code == 302 and response.headers.get("location", "").endswith("/candidate/applications/")

    # Warm-up, not measured: every worker connects and runs both paths once (imports, translation catalogues).
    asyncio.run(burst(url, [("/bench/baseline/", {}, lambda r: True)] * WARMUP, concurrency))
    asyncio.run(burst(url, [(f"/posts/{c['post']}/apply/", headers(c), applied) for c in data["warmup"]], concurrency))
    baseline_parts, apply_parts = [], []
    size = -(-len(candidates) // chunks)
    for start in range(0, len(candidates), size):
        chunk = candidates[start:start + size]
        baseline = [("/bench/baseline/", headers(c), lambda r: r.status_code == 200) for c in chunk]
        baseline_parts.append(asyncio.run(burst(url, baseline, concurrency)))
        real = [(f"/posts/{c['post']}/apply/", headers(c), applied) for c in chunk]
        apply_parts.append(asyncio.run(burst(url, real, concurrency)))
    base = summarise("baseline (1-row insert)", baseline_parts)
    rate = summarise("apply (registration)", apply_parts)
    print(f"apply / baseline throughput: {rate / base:.2f} (goal >= 0.50)")


def check(tokens_file):
    django_setup()
    from django.db import connection
    from django.db.models import Count

    from competition.models import Application

    data = json.load(open(tokens_file))
    expected = {(c["post"], c["user"]) for c in data["warmup"] + data["candidates"]}
    rows = list(Application.objects.filter(round_id=data["round"]).values_list("post_id", "person__user_id"))
    duplicates = Application.objects.filter(round_id=data["round"]).values("person").annotate(n=Count("id")).filter(n__gt=1).count()
    lost = len(expected - set(rows))
    unexpected = len(set(rows) - expected)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_baseline")
        baseline_rows = cursor.fetchone()[0]
    print(f"database: {len(rows)} applications for {len(expected)} candidates ({len(data['warmup'])} of them in the "
          f"warm-up); lost {lost}, duplicates {duplicates}, "
          f"unexpected {unexpected}; baseline rows {baseline_rows}")
    return 0 if (lost, duplicates, unexpected) == (0, 0, 0) else 1


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        setup(int(sys.argv[2]), int(sys.argv[3]))
    elif command == "load":
        load(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif command == "check":
        sys.exit(check(sys.argv[2]))
