"""Step 7's reads for its pages: the notice as printed and shown, and the notices on show."""

import datetime
from typing import Any

from competition.documents.contexts import publicity_notice_context
from competition.models import Publicity


def notice_context(notice: Publicity, today: datetime.date) -> dict[str, Any]:
    """What the notice's pages show: ``doc``, the notice as the Word document prints it (the campaign's whole batch
    going up with it; a draft shows the period it would have if approved today), and ``rows``, the candidates on it.
    While it is published, only the candidates still on show are listed (one stopped by an objection is taken off)."""
    rows = list(notice.batch_rows())
    if notice.status == Publicity.Status.PUBLISHED:
        rows = [row for row in rows if row.status == Publicity.Status.PUBLISHED and row.end_date >= today] or [notice]
    return {"notice": notice, "rows": rows, "doc": publicity_notice_context(notice, rows=rows)}


def notices_on_show(today: datetime.date) -> list[dict[str, Any]]:
    """The notices on the public page: one per batch (a campaign's candidates going up for the same period), with
    the posts and the names of the candidates on it."""
    notices: dict[tuple, dict[str, Any]] = {}
    rows = Publicity.objects.on_show(today).select_related("application__person", "post__unit", "post__campaign")
    for row in rows.order_by("start_date", "post_id", "pk"):
        key = (row.post.campaign_id, row.start_date, row.end_date) if row.post.campaign_id else ("post", row.post_id, row.notice_no)
        entry = notices.setdefault(
            key,
            {"pk": row.pk, "campaign": row.post.campaign.name if row.post.campaign_id else "", "posts": [],
             "start_date": row.start_date, "end_date": row.end_date, "names": []},
        )  # fmt: skip
        post = f"{row.particulars.get('post_unit')}{row.particulars.get('post_title')}"
        if post not in entry["posts"]:
            entry["posts"].append(post)
        entry["names"].append(row.particulars.get("name"))
    return [{**entry, "names": "、".join(entry["names"]), "posts": "、".join(entry["posts"])} for entry in notices.values()]
