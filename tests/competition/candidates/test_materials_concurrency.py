"""Two uploads of one material at once: one row (the application's row lock, and the unique constraint)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from competition.candidates import services
from competition.models import Material, MaterialRequirement
from competition.registration import services as registration
from tests.competition.registration.test_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

PDF = b"%PDF-1.4\n%%EOF\n"


def test_two_uploads_at_once_keep_one_material(candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    requirement = MaterialRequirement.objects.create(
        campaign=reg_post.campaign, kind="work_plan", title="工作设想", deadline=timezone.now() + datetime.timedelta(days=1),
        allowed_types=["pdf"], max_mb=1,
    )

    def send(name):
        return lambda: services.material_upload(
            application_id=application.pk, requirement_id=requirement.pk, upload=SimpleUploadedFile(name, PDF), by=candidate
        )

    results = run_together([send("a.pdf"), send("b.pdf")])
    assert not any(isinstance(r, Exception) for r in results), results
    assert Material.objects.filter(application=application).count() == 1
