"""The back office's navigation grouped by task (issue 20.2): campaigns, people, tenure, reports and settings.

Each entry names the role that may use it and the addresses it covers, so that the current place is shown in the
menu and in the breadcrumbs of every back-office page. A page whose address no entry covers shows no breadcrumbs.
Candidates, examiners and the public keep their short flat menu (templates/base.html).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import rules


@dataclass(frozen=True)
class Entry:
    label: Promise
    url_name: str
    may_use: Callable[[object], bool]
    # Addresses beginning with one of these belong to this entry (its own address always does).
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    label: Promise
    entries: tuple[Entry, ...]


def _back_office(user) -> bool:
    return rules.is_office(user) or rules.is_unit_secretary(user)


SECTIONS = (
    Section(_("Competitions"), (
        Entry(_("Campaigns"), "competition:campaign_list", _back_office, ("/office/campaigns/", "/office/rounds/")),
        Entry(_("Posts"), "competition:post_list", _back_office,
              ("/office/posts/", "/office/decisions/", "/office/inspections/", "/registration/posts/", "/registration/applications/",
               "/registration/rounds/")),
        Entry(_("Written exams"), "written:session_list", _back_office, ("/written/sessions/",)),
        Entry(_("Interviews"), "interviews:session_list", _back_office, ("/interviews/sessions/",)),
        Entry(_("Interview questions"), "interviews:question_list", rules.is_office, ("/interviews/questions/",)),
        Entry(_("Publicity"), "appointment:publicity_list", _back_office, ("/publicity/", "/inspection/", "/office/objections/")),
    )),
    Section(_("People"), (
        Entry(_("Applicants"), "registration:people", rules.is_office, ("/registration/people/",)),
        Entry(_("Examiners"), "interviews:examiner_list", rules.is_office, ("/interviews/examiners/",)),
        Entry(_("Inspection team pool"), "appointment:inspector_list", rules.is_office, ("/office/inspectors/",)),
    )),
    Section(_("Tenure"), (
        Entry(_("Tenure overview"), "tenure:overview", _back_office,
              ("/tenure/units/", "/tenure/people/", "/tenure/terms/", "/tenure/certificates/", "/tenure/term-change/")),
        Entry(_("Reappointments"), "tenure:reappointments", _back_office, ("/tenure/reappointments/",)),
        Entry(_("Flags"), "tenure:flags", _back_office, ("/tenure/flags/",)),
    )),
    Section(_("Reports"), (
        Entry(_("Reports"), "reports:index", _back_office, ("/reports/",)),
    )),
    Section(_("Settings"), (
        Entry(_("Working days"), "appointment:workdays", rules.is_office, ("/office/workdays/",)),
        Entry(_("Document templates"), "documents:templates", rules.is_office, ("/documents/templates/",)),
        Entry(_("Issuing bodies"), "documents:issuers", rules.is_office, ("/documents/issuers/",)),
        Entry(_("Reminders"), "notifications:reminder_list", rules.is_office, ("/notifications/reminders/",)),
        Entry(_("Accounts and roles"), "accounts:user_roles", rules.is_system_admin, ("/accounts/users/",)),
        Entry(_("Security administration"), "accounts:security", rules.is_security_admin, ("/accounts/security/",)),
        Entry(_("Security audit log"), "audit:log", rules.is_audit_admin, ("/audit/",)),
    )),
)


@dataclass(frozen=True)
class Link:
    label: Promise
    url: str
    current: bool


@dataclass(frozen=True)
class Group:
    label: Promise
    links: tuple[Link, ...]
    current: bool


def _covers(entry: Entry, url: str, path: str) -> bool:
    return path == url or any(path.startswith(prefix) for prefix in entry.covers)


def navigation(request) -> dict:
    """Context processor: ``nav_groups`` (the sections the user may use) and ``breadcrumbs`` for this page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": (), "breadcrumbs": ()}
    path = request.path
    groups, breadcrumbs = [], ()
    for section in SECTIONS:
        links = []
        for entry in section.entries:
            if not entry.may_use(user):
                continue
            url = reverse(entry.url_name)
            # The longest matching entry wins ("/tenure/" is the overview, "/tenure/flags/" its own entry).
            current = not breadcrumbs and _covers(entry, url, path)
            links.append(Link(entry.label, url, current))
            if current:
                here = (entry.label, None if path == url else url)
                # A section of one entry (统计报表) is not named twice.
                breadcrumbs = (here,) if len(section.entries) == 1 else ((section.label, None), here)
        if links:
            groups.append(Group(section.label, tuple(links), any(link.current for link in links)))
    return {"nav_groups": tuple(groups), "breadcrumbs": breadcrumbs}
