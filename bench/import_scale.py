"""Scale benchmark of the archive import (issue 19.4): 100,000 applications in under 2 minutes, memory growth under
200 MB.

    .venv/bin/python bench/import_scale.py [--runs 5] [--keep-file PATH]

Run by hand on PostgreSQL (the server of DATABASE_URL; its user must be allowed to create databases). It writes a
province-scale archive workbook (openpyxl write-only): 250 units, 51,000 people, 20,000 roster terms, 20 campaigns of
500 posts each (10,000 posts) and 100,000 applications, a fifth of the posts re-released in a second round, with
the results an archive holds (most 面试未通过, one 任用 on most posts, some 资格不符, 放弃, 考察未通过, 转内部竞岗,
the last campaign still 考察中 on some posts).

Each run imports the workbook into a fresh database: ``BENCH_DB`` (default jinggang_bench_import) is dropped and
created again from a template database migrated once at the start (``CREATE DATABASE … TEMPLATE``: a fresh
database in a second, where migrating takes a minute), then analysed, so that every run starts from the same
empty, analysed tables. The import runs in a child process of its own (``reports.importer.import_archive`` on the
file's bytes, as the Celery task calls it), which reports its wall time, its memory growth (peak RSS during the
import, ``ru_maxrss``, minus the RSS before it) and the rows it wrote. The baseline, measured in the same run in the
same kind of child process: openpyxl's read-only read of every row of the same workbook, values only, nothing else.
After the timed runs one more import runs under tracemalloc (slower, so not among the timed runs) for the peak of
Python's own allocations.

It prints each run, the medians, the load average, and last:
``archive import: 100000 applications, median S s, memory growth M MB (baseline read R s)``.
"""

import argparse
import datetime
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

UNITS = 250
PEOPLE = 51_000
TERMS = 20_000
CAMPAIGNS = 20
POSTS_PER_CAMPAIGN = 500
APPLICATIONS_PER_POST = 10
TITLES_PER_UNIT = 30


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# --- The workbook ---

def id_number(n: int, male: bool) -> str:
    from competition.registration.idcard import check_character

    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=n % 12_000)
    serial = 2 * (n // 12_000) + (1 if male else 2)  # odd for men, even for women
    body = f"310113{birth:%Y%m%d}{serial:03d}"
    return body + check_character(body), birth


def write_workbook(path: Path, seed: int = 194) -> dict:
    from openpyxl import Workbook

    from reports.importer import SHEETS

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheets = {name: workbook.create_sheet(name) for name in SHEETS}
    for name, sheet in sheets.items():
        sheet.append(SHEETS[name])

    units = [f"区第{i:03d}单位" for i in range(UNITS)]
    kinds = ["镇", "街道", "委办局"]
    for i, unit in enumerate(units):
        sheets["单位"].append([unit, kinds[i % 3], 30 + i % 20])

    ranks = [("科员", "否"), ("副科级", "是"), ("副科级", "否"), ("正科级", "是")]
    educations = ["大专", "本科", "本科", "硕士研究生"]
    people = []
    for n in range(PEOPLE):
        male = n % 3 != 0
        number, birth = id_number(n, male)
        rank, leadership = ranks[n % 4]
        sheets["人员"].append([
            number, f"人员{n:05d}", "男" if male else "女", birth, educations[n % 4], units[n % UNITS],
            "科员" if rank == "科员" else "副主任", rank, leadership,
        ])
        people.append(number)

    def title(t):
        return f"第{t:02d}科科长"

    for n in range(TERMS):
        start = datetime.date(1998 + n % 20, 1 + n % 12, 1)
        ended = start.replace(year=start.year + 5) if n % 3 == 0 else None
        sheets["任职"].append([people[n], units[n % UNITS], title(n % TITLES_PER_UNIT), start, ended, "任期届满" if ended else None])

    results_failed = ["面试未通过"] * 6 + ["资格不符", "放弃", "测评未通过"]
    applications = posts = 0
    for c in range(CAMPAIGNS):
        year = 2005 + c
        campaign = f"{year}年统一竞岗"
        sheets["竞岗"].append([campaign, "统一", datetime.date(year, 3, 1), datetime.date(year, 6, 30)])
        last = c == CAMPAIGNS - 1
        for p in range(POSTS_PER_CAMPAIGN):
            unit = units[p % UNITS]
            post_title = title((2 * c + p // UNITS) % TITLES_PER_UNIT)
            sheets["职位"].append([campaign, unit, post_title, 1])
            posts += 1
            applicants = rng.sample(people, APPLICATIONS_PER_POST)
            session = f"第{p // 20 + 1}场"
            # A fifth of the posts found nobody in round 1 and were released again in round 2; one in twenty moved
            # to the unit's internal competition; the rest appointed someone (in the last campaign, some still
            # under inspection).
            shape = p % 20
            if shape < 4:
                rounds = [(1, applicants[:6], None), (2, applicants[6:], "任用")]
            elif shape == 4:
                rounds = [(1, applicants, "转内部竞岗")]
            else:
                rounds = [(1, applicants, "考察中" if last and shape < 8 else "任用")]
            for number, group, top in rounds:
                for k, person in enumerate(group):
                    if k == 0 and top:
                        result = top
                    elif k == 1 and top == "任用" and p % 3 == 0:
                        result = "考察未通过"
                    else:
                        result = rng.choice(results_failed)
                    interviewed = result not in ("资格不符", "放弃")
                    sheets["报名"].append([campaign, number, person, unit, post_title, session if interviewed else None, result])
                    applications += 1
    workbook.save(path)
    return {"units": UNITS, "people": PEOPLE, "terms": TERMS, "posts": posts, "applications": applications}


# --- The databases ---

def admin_connection(url):
    import psycopg2

    parts = urlparse(url)
    connection = psycopg2.connect(urlunparse(parts._replace(path="/postgres")))
    connection.autocommit = True
    return connection


def with_database(url, name):
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def recreate(admin, name, template=None):
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name])
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def child(kind, path, url, traced=False):
    """One measurement in a fresh process: its JSON line."""
    env = dict(os.environ, DATABASE_URL=url)
    command = [sys.executable, __file__, "--child", kind, "--file", str(path)] + (["--traced"] if traced else [])
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"the {kind} child failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_child(kind, path, traced):
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as a worker runs: no log of every query's SQL in memory
    content = Path(path).read_bytes()
    if kind == "import":
        from django.db import connection

        from reports.importer import import_archive

        connection.ensure_connection()
    import tracemalloc

    if traced:
        tracemalloc.start()
    before = rss_mb()
    began = time.perf_counter()
    if kind == "import":
        summary = import_archive(io.BytesIO(content))
        written = summary.applications
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        written = 0
        for sheet in workbook.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                written += 1
        workbook.close()
    elapsed = time.perf_counter() - began
    result = {"seconds": elapsed, "growth": peak_rss_mb() - before, "rows": written}
    if traced:
        result["traced_peak"] = tracemalloc.get_traced_memory()[1] / 2**20
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep-file", help="write the workbook here (and reuse it if it exists)")
    parser.add_argument("--child", choices=["import", "read"])
    parser.add_argument("--file")
    parser.add_argument("--traced", action="store_true")
    args = parser.parse_args()
    if args.child:
        return run_child(args.child, args.file, args.traced)

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL to the server; BENCH_DB names the database).")
    name = os.environ.get("BENCH_DB", "jinggang_bench_import")
    template = f"{name}_template"
    bench_url = with_database(url, name)

    import django

    django.setup()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(args.keep_file) if args.keep_file else Path(scratch) / "archive.xlsx"
        began = time.perf_counter()
        if not path.exists():
            sizes = write_workbook(path)
            print(f"workbook: {sizes}, {path.stat().st_size / 2**20:.1f} MB, written in {time.perf_counter() - began:.0f} s", flush=True)
        admin = admin_connection(url)
        began = time.perf_counter()
        recreate(admin, template)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
            env=dict(os.environ, DATABASE_URL=with_database(url, template)), check=True,
        )
        print(f"template database {template} migrated in {time.perf_counter() - began:.0f} s", flush=True)

        runs, baselines = [], []
        print(f"load average before the runs {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
        for n in range(1, args.runs + 1):
            recreate(admin, name, template)
            with admin_connection(bench_url) as fresh, fresh.cursor() as cursor:
                cursor.execute("ANALYZE")
            baseline = child("read", path, bench_url)
            run = child("import", path, bench_url)
            runs.append(run)
            baselines.append(baseline)
            print(
                f"run {n}: import {run['seconds']:.1f} s, memory growth {run['growth']:.0f} MB, "
                f"{run['rows']} applications; baseline read {baseline['seconds']:.1f} s "
                f"(growth {baseline['growth']:.0f} MB); load average {os.getloadavg()[0]:.2f}",
                flush=True,
            )
        recreate(admin, name, template)
        traced = child("import", path, bench_url, traced=True)
        print(f"under tracemalloc: {traced['seconds']:.1f} s, tracemalloc peak {traced['traced_peak']:.0f} MB, RSS growth {traced['growth']:.0f} MB", flush=True)
        admin.close()

    seconds = statistics.median(r["seconds"] for r in runs)
    growth = statistics.median(r["growth"] for r in runs)
    read = statistics.median(b["seconds"] for b in baselines)
    load = os.getloadavg()
    print(f"medians of {len(runs)} runs: import {seconds:.1f} s, memory growth {growth:.0f} MB; baseline read {read:.1f} s", flush=True)
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs", flush=True)
    print(f"archive import: {runs[0]['rows']} applications, median {seconds:.1f} s, memory growth {growth:.0f} MB (baseline read {read:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
