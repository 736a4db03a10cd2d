"""Point 1 of issue 23: the fault bench (bench/faults.sh, run by hand) injects its faults into servers of its own
only, counts what it must, and ends with the line the README quotes."""

import re
from pathlib import Path

import pytest

from bench import faults

BENCH = Path(faults.__file__).parent


def test_the_bench_starts_its_own_servers_and_never_touches_the_shared_ones():
    script = (BENCH / "faults.sh").read_text()
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))
    assert "initdb" in code and "redis-server" in code and "trap cleanup EXIT" in code
    for shared in ("5432", "6379"):
        assert not re.search(rf"(?<![0-9]){shared}(?![0-9])", code), f"faults.sh names the shared port {shared}"
    assert "pkill" not in code and "killall" not in code
    for call in re.findall(r"redis-cli [^;\n]*", code):
        assert re.match(r'redis-cli -p "?\$(CACHE|BROKER)_PORT', call), call
    for call in re.findall(r'pg_ctl" [^;\n]*', code):
        assert call.startswith('pg_ctl" -D "$WORK/pg"'), call


def _tally(**answers):
    tally = faults.Tally()
    for kind, statuses in answers.items():
        tally.answers[kind].update(statuses)
    return tally


def test_the_last_line_is_the_one_the_readme_quotes():
    results = [
        ("PostgreSQL restarted (fast)", _tally(apply={302: 170, 503: 12}), 0, 0, "acknowledged 170"),
        ("cache Redis stopped for 10 s", _tally(apply={302: 200}, read={200: 200}), 0, 0, "acknowledged 200"),
        ("worker killed while exporting", faults.Tally(), 0, 0, "marked failed, started again"),
    ]
    lines, failed = faults.summary(results)
    assert lines[-1] == "faults: 3 injected, acknowledged lost 0, duplicates 0, 500s 0" and not failed
    assert lines[0].startswith("1. PostgreSQL restarted (fast): acknowledged 170; lost 0, duplicates 0, 500s 0; load:")
    assert "503 (retried) 12" in lines[0]


def test_a_500_a_lost_or_a_duplicate_acknowledgement_fails_the_bench():
    lines, failed = faults.summary([("cache", _tally(read={200: 9, 500: 2}), 1, 3, "")])
    assert lines[-1] == "faults: 1 injected, acknowledged lost 1, duplicates 3, 500s 2" and failed


@pytest.mark.django_db
def test_the_check_finds_an_acknowledged_application_that_is_not_stored(office, candidate, monkeypatch):
    from competition.evaluation import services as evaluations
    from competition.models import Application
    from tests.competition.stages import at_evaluation
    from tests.factories import UnitFactory

    post = at_evaluation(UnitFactory())
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=post.round.registration_closes.date(), by=office)
    codes = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)
    ballot = {c.pk: "competent" for c in evaluation.candidates.all()}
    evaluations.ballot_cast(code=codes[0], ratings=ballot)
    stored = Application.objects.filter(post=post).first()
    tally = faults.Tally()
    tally.applied = {(post.pk, stored.person.user_id), (post.pk, candidate.pk)}  # the second was never stored
    tally.voted = [codes[0], codes[1]]  # the second code was never used
    monkeypatch.setattr("django.db.connection.close", lambda: None)  # the test's transaction stays
    world = {"round": post.round_id, "evaluation": evaluation.pk}
    assert faults.check_requests(world, tally) == (2, 0)
