"""Factories for tests. Dates are relative to now so that windows are open or closed as a test needs."""

import datetime

import factory
from django.utils import timezone

from accounts.models import User
from competition.models import (
    Application,
    Campaign,
    Education,
    Grade,
    LeadershipLevel,
    Person,
    Position,
    Post,
    Round,
    Sex,
    Unit,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试镇{n}")
    kind = Unit.Kind.TOWN
    leadership_quota = 8


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


TEST_TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, hex


def enrol(user, key=TEST_TOTP_KEY):
    """Give ``user`` a confirmed TOTP device with a known secret (tests compute its codes: ``totp_code``)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", key=key, confirmed=True)
    User.objects.filter(pk=user.pk).update(two_factor_enrolled=True)
    user.two_factor_enrolled = True
    return device


def totp_code(user_or_device, wait_for_fresh=True):
    """The current code of the user's device; if that code was used already (a second login within the same
    30 seconds), wait for the next one, as a person would."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = user_or_device if isinstance(user_or_device, TOTPDevice) else TOTPDevice.objects.get(user=user_or_device, confirmed=True)
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while wait_for_fresh and device.last_t is not None and totp.t() <= device.last_t:
        time.sleep(0.5)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


class OfficeUserFactory(UserFactory):
    is_office = True

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        if create:
            enrol(obj)


class SecretaryFactory(UserFactory):
    secretary_of = factory.SubFactory(UnitFactory)


def _id_number(n):
    """A valid 18-character resident ID number (GB 11643) for test person ``n``."""
    birth = datetime.date(1980, 1, 1) + datetime.timedelta(days=(n * 97) % 5000)
    body = f"110105{birth:%Y%m%d}{n % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    return body + check, birth


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"候选人{n}")
    id_number = factory.Sequence(lambda n: _id_number(n)[0])
    birth_date = factory.LazyAttribute(
        lambda p: datetime.date(int(p.id_number[6:10]), int(p.id_number[10:12]), int(p.id_number[12:14]))
    )
    sex = factory.LazyAttribute(lambda p: Sex.MALE if int(p.id_number[16]) % 2 else Sex.FEMALE)
    education = Education.BACHELOR
    leadership_level = LeadershipLevel.DEPUTY_SECTION
    grade = Grade.NONE
    rank_since = datetime.date(2015, 1, 1)
    current_unit = factory.SubFactory(UnitFactory)
    current_position = "副主任"


class CandidateUserFactory(UserFactory):
    person = factory.RelatedFactory(PersonFactory, factory_related_name="user")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"测试竞岗{n}")
    kind = Campaign.Kind.UNIFIED
    unified_term_end = datetime.date(2031, 12, 31)


class RoundFactory(factory.django.DjangoModelFactory):
    """A round whose registration window is open now."""

    class Meta:
        model = Round

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    registration_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    registration_closes = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=6))


class ClosedRoundFactory(RoundFactory):
    registration_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    registration_closes = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ["unit", "title"]

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"综治办主任{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A draft post. Use ``post_in_state`` to move it along the workflow."""

    class Meta:
        model = Post

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)
    position = factory.LazyAttribute(lambda p: PositionFactory(unit=p.unit))
    title = factory.LazyAttribute(lambda p: p.position.title)
    max_age = 45


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)
    round = factory.LazyAttribute(lambda a: a.post.round)
    person = factory.SubFactory(PersonFactory)
    status = Application.Status.QUALIFIED

    @factory.post_generation
    def snapshot(obj, create, extracted, **kwargs):
        obj.snapshot_applicant()
        if create:
            obj.save()


# The workflow path, in order, from a draft to an appointment.
PATH = [
    ("submit", Post.Status.RELEASED),
    ("accept", Post.Status.ACCEPTED),
    ("announce", Post.Status.ANNOUNCED),
    ("open_registration", Post.Status.REGISTRATION),
    ("start_interview", Post.Status.INTERVIEW),
    ("start_evaluation", Post.Status.EVALUATION),
    ("start_inspection", Post.Status.INSPECTION),
    ("start_publicity", Post.Status.PUBLICITY),
    ("await_decision", Post.Status.DECISION),
    ("appoint", Post.Status.APPOINTED),
]


def post_in_state(status, **kwargs):
    """A post moved along the workflow by the service functions (as the system) up to ``status``.

    Its round's window is open until registration, then closed, with enough qualified applicants
    to go to interview.
    """
    from competition import workflow

    post = PostFactory(**kwargs)
    if status == Post.Status.DRAFT:
        return post
    if post.round is None:
        post.round = RoundFactory(campaign=post.campaign)
        post.save()
    for name, target in PATH:
        if name == "start_interview":
            Round.objects.filter(pk=post.round_id).update(
                registration_opens=timezone.now() - datetime.timedelta(days=10),
                registration_closes=timezone.now() - datetime.timedelta(seconds=1),
            )
            missing = post.campaign.min_qualified_applicants - post.qualified_applications().count()
            for _ in range(max(0, missing)):
                ApplicationFactory(post=post, round=post.round)
        getattr(workflow, "post_" + {"return_to_unit": "return"}.get(name, name))(post_id=post.pk, by=None)
        post.refresh_from_db()
        if target == status:
            return post
    raise ValueError(f"{status} is not on the main path")
