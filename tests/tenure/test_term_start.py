"""What an appointment does to the term and to the person."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_appointment_moves_the_persons_profile_to_the_new_post():
    import datetime

    from competition.models import LeadershipLevel, Post
    from tenure.services import term_start_on_appointment
    from tests.factories import ApplicationFactory, PersonFactory, post_in_state

    post = post_in_state(Post.Status.DECISION)
    person = PersonFactory(leadership_level=LeadershipLevel.DEPUTY_SECTION, current_position="副主任")
    application = ApplicationFactory(post=post, person=person)
    term_start_on_appointment(application=application, starts_on=datetime.date(2026, 12, 1))
    person.refresh_from_db()
    application.refresh_from_db()
    assert (person.current_unit, person.current_position, person.is_leadership) == (post.unit, post.title, True)
    assert (person.leadership_level, person.rank_since) == (LeadershipLevel.SECTION, datetime.date(2026, 12, 1))
    # The application keeps the situation at the time of applying, for the statistics.
    assert application.applicant_leadership_level == LeadershipLevel.DEPUTY_SECTION and application.applicant_position == "副主任"
