"""Reads of the candidate's file: what the candidate's application page and the post's panel show."""

from typing import Any

from django.utils import timezone

from competition.candidates import files, materials, services
from competition.candidates.forms import ExceptionRequestForm
from competition.models import Appeal, Application, ExceptionRequest, Post


def application_file(application: Application) -> dict[str, Any]:
    """The candidate's side of his file on his application page: his appeals, and whether he may appeal now."""
    appeals = list(application.appeals.select_related("decided_by").order_by("filed_at"))
    refusal = services.appeal_refusal(application) if application.status == Application.Status.UNQUALIFIED else None
    requirements = services.exception_requirements(application)
    return {
        "application": application,
        "exceptions": list(application.exceptions.order_by("filed_at")),
        "exception_form": ExceptionRequestForm(requirements=requirements) if requirements else None,
        "appeals": appeals,
        "can_appeal": refusal == "",
        "appeal_refusal": refusal,
        "appeal_deadline": services.appeal_deadline(application),
    }


def open_appeals(post: Post) -> list[Appeal]:
    return list(
        Appeal.objects.filter(application__post=post, status=Appeal.Status.OPEN)
        .select_related("application__person")
        .order_by("filed_at")
    )


def decided_appeals(post: Post) -> list[Appeal]:
    return list(
        Appeal.objects.filter(application__post=post)
        .exclude(status=Appeal.Status.OPEN)
        .select_related("application__person", "decided_by")
        .order_by("decided_at")
    )


def exceptions_of(post: Post) -> list[ExceptionRequest]:
    return list(
        ExceptionRequest.objects.filter(application__post=post)
        .select_related("application__person", "decided_by", "confirmed_by")
        .order_by("status", "filed_at")
    )


def materials_page(application: Application) -> dict[str, Any]:
    """The candidate's materials page: each requirement of his post with his upload, and whether it is still open."""
    requirements = materials.requirements_for(application.post)
    uploaded = {m.requirement_id: m for m in application.materials.all()}
    now = timezone.now()
    open_application = application.status != Application.Status.WITHDRAWN
    return {
        "application": application,
        "rows": [
            {
                "requirement": requirement,
                "material": uploaded.get(requirement.pk),
                "kinds": files.kinds_text(requirement.allowed_types),
                "open": open_application and now <= requirement.deadline,
            }
            for requirement in requirements
        ],
    }
