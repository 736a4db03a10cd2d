"""Demo data for a first run: units of each kind, a campaign with posts at different steps, one user per role.

Running it again changes nothing: every object is found by its natural key before it is created, and
posts are moved along the workflow only when they are first created.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.two_factor import demo_enrol, secret_base32
from competition import workflow
from competition.models import (
    Application,
    Campaign,
    Education,
    IssuerSettings,
    Person,
    Position,
    Post,
    Rank,
    Round,
    Sex,
    Unit,
)
from core.sealed import keyed_hash

DEMO_PASSWORD = "jinggang-demo-2026"

UNITS = [
    ("罗店镇", Unit.Kind.TOWN, 12),
    ("月浦镇", Unit.Kind.TOWN, 10),
    ("友谊路街道", Unit.Kind.STREET_OFFICE, 8),
    ("吴淞街道", Unit.Kind.STREET_OFFICE, 7),
    ("区财政局", Unit.Kind.BUREAU, 6),
    ("区民政局", Unit.Kind.BUREAU, 5),
]

# Each unit's Party body and the short code of its document numbers (the office edits them on 发文机关).
ISSUING_BODIES = {
    "罗店镇": ("中共罗店镇委员会", "罗委"),
    "月浦镇": ("中共月浦镇委员会", "月委"),
    "友谊路街道": ("中共友谊路街道工作委员会", "友工委"),
    "吴淞街道": ("中共吴淞街道工作委员会", "吴工委"),
    "区财政局": ("区财政局党组", "宝财党"),
    "区民政局": ("区民政局党组", "宝民党"),
}

# The district's organization department and its reporting channels, as the notices print them (fictitious numbers).
ISSUER = {
    "district_name": "宝山区",
    "department_name": "中共宝山区委组织部",
    "report_phone": "021-56690000",
    "report_line": "12380",
    "report_website": "www.12380.gov.cn",
    "letters_address": "宝山区密山路5号区委组织部干部监督科",
    "letters_postcode": "201900",
    "visits_address": "宝山区密山路5号区委组织部接待室",
    "visits_hours": "工作日上午8:30—11:30，下午1:30—5:00",
}

# (unit, title, state to move it to, round: "past" or "open")
POSTS = [
    ("罗店镇", "综治办主任", Post.Status.INTERVIEW, "past"),
    ("罗店镇", "社会事业办主任", Post.Status.EVALUATION, "past"),
    ("吴淞街道", "社区服务办主任", Post.Status.INSPECTION, "past"),
    ("月浦镇", "经济发展办主任", Post.Status.REGISTRATION, "open"),
    ("月浦镇", "城建办主任", Post.Status.ANNOUNCED, "future"),
    ("友谊路街道", "社区管理办主任", Post.Status.REGISTRATION, "open"),
    ("吴淞街道", "党政办主任", Post.Status.RELEASED, None),
    ("区财政局", "预算科科长", Post.Status.ACCEPTED, None),
    ("区民政局", "社会救助科科长", Post.Status.DRAFT, None),
]

PEOPLE = [
    ("张伟", "310113198503150014", Sex.MALE, "罗店镇", "综治办副主任", Rank.DEPUTY_SECTION, Education.BACHELOR),
    ("王芳", "310113198807220027", Sex.FEMALE, "月浦镇", "科员", Rank.STAFF, Education.MASTER),
    ("李强", "310113197911030035", Sex.MALE, "区财政局", "预算科副科长", Rank.DEPUTY_SECTION, Education.JUNIOR_COLLEGE),
    ("刘洋", "310113199002180043", Sex.FEMALE, "友谊路街道", "党政办副主任", Rank.DEPUTY_SECTION, Education.BACHELOR),
    ("陈静", "310113198212300021", Sex.FEMALE, "吴淞街道", "社区管理办副主任", Rank.DEPUTY_SECTION, Education.BACHELOR),
    ("赵磊", "310113198605060058", Sex.MALE, "区民政局", "社会救助科科长", Rank.SECTION, Education.BACHELOR),
]


def _with_check(body):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


class Command(BaseCommand):
    help = "Load demo data and demo accounts (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        units = {name: Unit.objects.get_or_create(name=name, defaults={"kind": kind, "leadership_quota": quota})[0] for name, kind, quota in UNITS}
        for name, (body, code) in ISSUING_BODIES.items():  # only where the office has set none
            Unit.objects.filter(name=name, party_body="", short_code="").update(party_body=body, short_code=code)
        issuer, _created = IssuerSettings.objects.get_or_create(pk=1)
        if not issuer.department_name:
            IssuerSettings.objects.filter(pk=issuer.pk).update(**ISSUER)
        accounts = [
            self._user("office", "区竞岗办 王主任", "competition office", is_office=True, is_staff=True, is_superuser=True),
            self._user("luodian", "罗店镇 分管书记", "unit secretary of 罗店镇", secretary_of=units["罗店镇"]),
            self._user("yuepu", "月浦镇 分管书记", "unit secretary of 月浦镇", secretary_of=units["月浦镇"]),
            self._user("candidate", "张伟", "candidate"),
            self._user("examiner", "孙考官", "examiner (interview session in progress)"),
            # Separated duties (三员分立): one account per administrator role.
            self._user("sysadmin", "系统管理员", "system administrator (accounts and roles)", is_system_admin=True),
            self._user("secadmin", "安全管理员", "security administrator (lockouts, second factors)", is_security_admin=True),
            self._user("auditor", "审计管理员", "audit administrator (the audit log)", is_audit_admin=True),
        ]
        people = {}
        for name, body_id, sex, unit_name, position, rank, education in PEOPLE:
            id_number = _with_check(body_id[:17])
            people[name], _created = Person.objects.get_or_create(
                id_number_hash=keyed_hash(id_number),
                defaults={
                    "id_number": id_number,
                    "name": name,
                    "sex": sex,
                    "birth_date": datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14])),
                    "current_unit": units[unit_name],
                    "current_position": position,
                    "is_leadership": rank != Rank.STAFF,
                    "rank": rank,
                    "rank_since": datetime.date(2016, 7, 1),
                    "education": education,
                    "phone": "13800000000",
                },
            )
        candidate_user = accounts[3][0]
        if not hasattr(candidate_user, "person"):
            # The demo candidate has filled in the profile and signed the declaration.
            Person.objects.filter(pk=people["张伟"].pk).update(
                user=candidate_user, email=candidate_user.email, declaration_signed_at=timezone.now()
            )

        campaign, _created = Campaign.objects.get_or_create(
            name="2026年全区统一竞争上岗",
            defaults={"kind": Campaign.Kind.UNIFIED, "start_date": datetime.date(2026, 11, 1), "unified_term_end": datetime.date(2031, 12, 31)},
        )
        now = timezone.now()
        windows = {
            "past": (now - datetime.timedelta(days=30), now - datetime.timedelta(days=20)),
            "open": (now - datetime.timedelta(days=2), now + datetime.timedelta(days=12)),
            "future": (now + datetime.timedelta(days=3), now + datetime.timedelta(days=17)),
        }
        rounds = {}
        for number, key in enumerate(["past", "open", "future"], start=1):
            # The first round is created open, so that its posts can go through registration, then closed below.
            opens, closes = windows["open" if key == "past" else key]
            rounds[key], _created = Round.objects.get_or_create(
                campaign=campaign, number=number, defaults={"registration_opens": opens, "registration_closes": closes}
            )
        created = []
        for unit_name, title, target, round_key in POSTS:
            post = self._post(campaign, units[unit_name], title, target, rounds.get(round_key))
            if post is not None:
                created.append((post, target))
        past = rounds["past"]
        if past.registration_closes > now:
            past.registration_opens, past.registration_closes = windows["past"]
            past.save()
        for post, target in created:
            if post.round_id == past.pk:
                self._after_registration(post, target, list(people.values()))

        self._interview(campaign, accounts[0][0], accounts[4][0], units)
        for post, target in created:
            if target == Post.Status.INSPECTION:
                self._inspection(post, accounts[0][0], units)

        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo accounts (password for all: %s):" % DEMO_PASSWORD))
        for user, role in accounts:
            self.stdout.write(f"  {user.username:<12} {role}")
        self.stdout.write("These log in with a second factor (TOTP): add the secret to an authenticator app, or print")
        self.stdout.write("the current code with `manage.py demo_totp <username>`.")
        for user, _role in accounts:
            if user.needs_two_factor:
                self.stdout.write(f"  {user.username:<12} TOTP secret {secret_base32(demo_enrol(user))}")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in.")

    def _interview(self, campaign, office, examiner_user, units):
        """An examiner pool, a question bank, and a started session for the post at the interview step."""
        from competition.interviews import services as interviews
        from competition.models import Examiner, InterviewSession, Question

        pool = [("孙考官", examiner_user), ("周考官", None), ("吴考官", None), ("郑考官", None), ("冯考官", None)]
        examiners = [
            Examiner.objects.get_or_create(name=name, defaults={"user": user, "unit": units["区民政局"] if user else None, "title": "处长"})[0]
            for name, user in pool
        ]
        for category, text in [
            ("综合分析", "谈谈你对基层综合治理工作的认识。"),
            ("组织协调", "如果辖区发生群体性纠纷，你如何组织协调？"),
            ("岗位认知", "你任职后第一年的工作目标是什么？"),
        ]:
            Question.objects.get_or_create(category=category, text=text, defaults={"unit_kind": Unit.Kind.TOWN})
        post = campaign.posts.filter(status=Post.Status.INTERVIEW).order_by("pk").first()
        if post is None or InterviewSession.objects.filter(campaign=campaign).exists():
            return
        session = interviews.session_create(
            campaign=campaign, name="第1场", posts=[post], by=office, date=timezone.localdate(), venue="区委党校报告厅"
        )
        interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in examiners], by=office)
        interviews.session_draw(session_id=session.pk, by=office)
        interviews.session_draw_questions(session_id=session.pk, count=2, by=office)
        interviews.session_start(session_id=session.pk, by=office)

    def _inspection(self, post, office, units):
        """The inspection team pool, and the post at inspection with its public notice and its team (the member from
        the candidate's unit recused)."""
        from competition.inspection import selectors
        from competition.inspection import services as inspections
        from competition.models import Inspector

        pool = [("区委组织部干部科 周科长", None), ("区委组织部干部科 吴干事", None), ("罗店镇 组织委员", units["罗店镇"])]
        inspectors = [Inspector.objects.get_or_create(name=name, defaults={"unit": unit})[0] for name, unit in pool]
        for rank, application in enumerate(post.applications.order_by("pk"), start=1):
            application.interview_rank, application.chosen = rank, rank == 1
            application.save(update_fields=["interview_rank", "chosen"])
        today = timezone.localdate()
        inspections.inspection_notice_publish(
            post_id=post.pk, start_date=today, end_date=today + datetime.timedelta(days=7),
            contact=selectors.default_contact() or "12380", by=office,
        )  # fmt: skip
        inspections.inspection_team_set(post_id=post.pk, inspector_ids=[i.pk for i in inspectors], by=office)

    def _user(self, username, full_name, role, **fields):
        user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name, "email": f"{username}@example.org", **fields})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user, role

    def _post(self, campaign, unit, title, target, round_):
        """Create the post and move it up to its target, or up to registration; None if it exists."""
        position, _created = Position.objects.get_or_create(unit=unit, title=title)
        if Post.objects.filter(campaign=campaign, position=position).exists():
            return None
        post = Post.objects.create(
            campaign=campaign, unit=unit, position=position, title=title, max_age=45, min_rank=Rank.STAFF,
            duties="负责本办日常工作。", term_goals="任期内完成年度重点工作目标。", round=round_,
        )
        for name, _status in [
            ("submit", Post.Status.RELEASED),
            ("accept", Post.Status.ACCEPTED),
            ("announce", Post.Status.ANNOUNCED),
            ("open_registration", Post.Status.REGISTRATION),
        ]:
            if post.status == target:
                break
            getattr(workflow, f"post_{name}")(post_id=post.pk, by=None)
            post.refresh_from_db()
        return post

    def _after_registration(self, post, target, people):
        for person in people[:4]:
            application = Application(post=post, round=post.round, person=person, status=Application.Status.QUALIFIED)
            application.snapshot_applicant()
            application.save()
        steps = [
            ("start_interview", Post.Status.INTERVIEW),
            ("start_evaluation", Post.Status.EVALUATION),
            ("start_inspection", Post.Status.INSPECTION),
        ]
        for name, status in steps:
            getattr(workflow, f"post_{name}")(post_id=post.pk, by=None)
            if status == target:
                break

