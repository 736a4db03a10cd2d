from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rules as roles
from core.http import attempt
from core.paging import paginate
from notifications import services
from notifications.access import get_notification_for_user, get_reminder_for_office
from notifications.forms import ReminderFilterForm
from notifications.messages import language_of, rendered
from notifications.models import Notification, Reminder
from notifications.registry import REGISTRY


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    # Each row in the language the reader reads his notifications in (the page's, if he has not chosen one).
    language = language_of(request.user, get_language())
    for notification in page:
        notification.subject, notification.body = rendered(notification, language)
    return render(request, "notifications/inbox.html", {"page": page, "only_unread": bool(request.GET.get("unread"))})


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, notification_id)
    services.notification_mark_read(notification=notification, by=request.user)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        # Not redirect(): it would read a bare word such as "inbox" as a URL name (NoReverseMatch, a 500).
        return HttpResponseRedirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(by=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def reminder_list(request: HttpRequest) -> HttpResponse:
    roles.require_office(request.user)
    status = request.GET.get("status", Reminder.Status.FAILED)
    if status not in Reminder.Status.values:
        status = Reminder.Status.FAILED
    filters = ReminderFilterForm(request.GET)
    chosen = filters.filter(Reminder.objects.all())
    rows = chosen.filter(status=status).select_related("recipient").order_by("-due_date", "-pk")
    # Each tab counts the reminders in its state that the filters keep.
    counts = dict(chosen.order_by().values_list("status").annotate(n=Count("id")))
    tabs = [(value, label, counts.get(value, 0)) for value, label in Reminder.Status.choices]
    page = paginate(request, rows)
    labels = {name: rule.label for name, rule in REGISTRY.items()}
    for reminder in page:
        reminder.rule_label = labels.get(reminder.rule, reminder.rule)
        reminder.subject, reminder.body = rendered(reminder, get_language())
    return render(request, "notifications/reminders.html", {"page": page, "status": status, "tabs": tabs, "filters": filters})


@login_required
@require_POST
def reminder_resend(request: HttpRequest, reminder_id: int) -> HttpResponse:
    reminder = get_reminder_for_office(request.user, reminder_id)
    attempt(
        request,
        lambda: services.reminder_resend(reminder_id=reminder.pk, by=request.user),
        success=_("The reminder will be sent again."),
    )
    return redirect(f"{reverse('notifications:reminder_list')}?status={reminder.status}")
