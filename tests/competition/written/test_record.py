"""The selection record (纪实) keeps the written exam: the campaign's rule, each ticket with its room, seat and mark."""

from competition.documents.record import selection_record
from competition.written import services as written
from tests.competition.written.conftest import enter, tickets_by_person


def test_the_selection_record_lists_the_tickets_and_their_marks(office, post, issued):
    enter(issued, office, ["90", "absent", "80", "70", "65"])
    written.written_session_publish(session_id=issued.pk, by=office)
    record = selection_record(post)
    campaign = next(s for s in record["sections"] if s["key"] == "campaign")
    assert {"label": "has a written exam", "value": "yes"} in campaign["facts"]
    interview = next(s for s in record["sections"] if s["key"] == "interview")
    table = next(t for t in interview["tables"] if t["caption"] == "Written exam")
    rows = {row[0]: row for row in table["rows"]}
    tickets = tickets_by_person(issued)
    assert rows[tickets[0].number][-1] == "90.00" and rows[tickets[1].number][-1] == "absent (缺考)"
    assert rows[tickets[0].number][4] == "第一考场"
