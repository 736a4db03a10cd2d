"""ID numbers: sealed at rest, found by a keyed hash, masked on pages and exports, revealed on request and audited."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from competition.models import Person
from core.sealed import mask_id_number
from reports.exports import write_list
from tests.factories import PersonFactory


def test_the_mask_keeps_the_region_and_the_last_four():
    assert mask_id_number("31011319800101123X") == "310113********123X"


def test_the_number_is_stored_encrypted_and_found_by_its_keyed_hash(db):
    person = PersonFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number_sealed, id_number_hash FROM competition_person WHERE id = %s", [person.pk])
        sealed, hashed = cursor.fetchone()
    assert person.id_number not in sealed and person.id_number not in hashed
    assert Person.objects.get(pk=person.pk).id_number == person.id_number
    assert Person.objects.with_id_number(person.id_number.lower()).get() == person


def test_the_uniqueness_of_a_number_holds_in_the_database(db):
    from django.db import IntegrityError

    person = PersonFactory()
    with pytest.raises(IntegrityError):
        PersonFactory(id_number=person.id_number)


def test_the_persons_page_shows_the_number_masked_and_sends_no_store(client, office, person):
    client.force_login(office)
    response = client.get(reverse("registration:person_history", args=[person.pk]))
    page = response.content.decode()
    assert person.masked_id_number in page and person.id_number not in page
    assert "no-store" in response["Cache-Control"]


def test_the_office_reveals_a_full_number_and_the_reveal_is_audited(client, office, person):
    client.force_login(office)
    url = reverse("registration:id_number_reveal", args=[person.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200 and person.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ID_NUMBER_REVEAL)
    assert event.actor == office and event.detail == {"person": person.pk}


def test_only_the_office_reveals_someone_elses_number(client, secretary, other_candidate, person):
    url = reverse("registration:id_number_reveal", args=[person.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    for user in (secretary, other_candidate):
        client.force_login(user)
        assert client.post(url).status_code in (403, 404)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.ID_NUMBER_REVEAL).exists()


def test_a_candidate_sees_his_number_masked_and_reveals_it_himself(client, candidate, person):
    client.force_login(candidate)
    page = client.get(reverse("registration:profile")).content.decode()
    assert person.masked_id_number in page and person.id_number not in page
    response = client.post(reverse("registration:own_id_number_reveal"))
    assert person.id_number in response.content.decode()
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.ID_NUMBER_REVEAL).actor == candidate


def test_the_masked_number_sent_back_by_the_profile_form_keeps_the_number(client, candidate, person, unit):
    from tests.competition.registration.test_views import profile_data

    client.force_login(candidate)
    number = person.id_number
    response = client.post(reverse("registration:profile"), profile_data(unit, id_number=person.masked_id_number))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.id_number == number


def test_the_roster_export_writes_masked_numbers(db):
    person = PersonFactory()
    stream = io.BytesIO()
    write_list("roster", stream)
    cells = [row[0] for row in load_workbook(io.BytesIO(stream.getvalue())).active.iter_rows(min_row=2, values_only=True)]
    assert cells == [person.masked_id_number]


def test_the_key_rotation_re_encrypts_every_number_with_the_new_key(db, settings):
    people = PersonFactory.create_batch(3)
    old = list(settings.ID_NUMBER_KEYS)
    new = Fernet.generate_key().decode()
    settings.ID_NUMBER_KEYS = [new, *old]
    out = io.StringIO()
    call_command("rotate_id_number_key", stdout=out)
    assert "3 ID numbers" in out.getvalue()
    settings.ID_NUMBER_KEYS = [new]  # the old key dropped: every row still opens
    assert sorted(p.id_number for p in Person.objects.all()) == sorted(p.id_number for p in people)
