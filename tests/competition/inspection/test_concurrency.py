"""Two clicks (or two workers) recording the same candidate's conclusion at once: one conclusion, one refusal
(PostgreSQL, two connections; the post's and the inspection's row locks)."""

import threading

import pytest
from django.db import connection

from competition.inspection import services as inspections
from competition.models import Inspection, Post, Publicity
from competition.workflow import WorkflowError
from tests.competition.stages import at_inspection, complete_checklist, open_inspection
from tests.markers import needs_postgresql

pytestmark = needs_postgresql


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_conclusions_of_one_candidate_record_one(unit, office):
    post = at_inspection(unit, office)
    inspection = open_inspection(post, office)
    complete_checklist(inspection, office)
    barrier = threading.Barrier(2)
    results = []

    def record(conclusion):
        try:
            barrier.wait()
            inspections.inspection_conclusion_record(
                inspection_id=inspection.pk, conclusion=conclusion, findings="良好",
                fail_reason="" if conclusion == "pass" else "问题属实", by=office,
            )  # fmt: skip
            results.append(conclusion)
        except WorkflowError as refusal:
            results.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(c,)) for c in ("pass", "pass")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("pass") == 1 and sum("recorded already" in r for r in results) == 1
    inspection.refresh_from_db()
    assert inspection.conclusion == Inspection.Conclusion.PASS
    post.refresh_from_db()
    # The post went on once: one notice of publicity, one move.
    assert post.status == Post.Status.PUBLICITY and Publicity.objects.filter(post=post).count() == 1
