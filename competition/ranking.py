"""The ranking the steps after the interview use: who is chosen for the places, who is inspected next, who moves
up as a substitute (递补). One function, so that a change of what ranks candidates (the interview's rank today; a
combined score with the written exam later) changes every one of those steps together."""

from django.db.models import F, QuerySet

from competition.models import Application


def ranked(applications: QuerySet[Application]) -> QuerySet[Application]:
    """``applications`` best first: by the interview rank (unranked last), then by the order of application."""
    return applications.order_by(F("interview_rank").asc(nulls_last=True), "pk")
