"""Candidate sign-up and email verification (their URLs keep the registration namespace: see
competition/registration/urls.py)."""

from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from accounts import services
from accounts.forms import SignUpForm
from core import ratelimit
from core.http import attempt, client_address

T = "accounts/"


# Sign-up and password reset send mail to whatever address is typed: counted per client address and per email
# address, each POST, in windows of an hour (a mail bomb, or an enumeration of accounts, is cheap otherwise).
MAIL_WINDOW = 3600
MAIL_PER_ADDRESS = 10
MAIL_PER_EMAIL = 3


def _mail_checks(request: HttpRequest, scope: str) -> list[tuple[str, str, int]]:
    email = (request.POST.get("email") or "").strip().lower()[:254]
    return [(f"{scope}-address", client_address(request), MAIL_PER_ADDRESS), (f"{scope}-email", email, MAIL_PER_EMAIL)]


def mail_throttled(scope: str, view):
    """``view`` with its POSTs limited per client address and per email address (429 past the limit)."""

    def throttled(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            checks = _mail_checks(request, scope)
            if ratelimit.any_limited(checks, window=MAIL_WINDOW):
                return ratelimit.too_many(
                    request, _("Too many requests from your address or for this email address. Please wait %(minutes)s minutes."),
                    window=MAIL_WINDOW,
                )
            ratelimit.hit_all(checks, window=MAIL_WINDOW)
        return view(request, *args, **kwargs)

    return throttled


def _sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.candidate_sign_up(
            username=data["username"],
            full_name=data["full_name"],
            email=data["email"],
            password=data["password1"],
            verify_url_for=lambda token: request.build_absolute_uri(reverse("registration:verify_email", args=[token])),
        )
        return render(request, T + "sign_up_done.html", {"email": data["email"]})
    return render(request, T + "sign_up.html", {"form": form})


sign_up = mail_throttled("sign-up", _sign_up)
password_reset = mail_throttled(
    "password-reset", PasswordResetView.as_view(success_url=reverse_lazy("accounts:password_reset_done"))
)


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; the POST activates (no state change on GET: mail scanners follow links)."""
    if request.method != "POST":
        return render(request, T + "verify_email.html", {})
    user = attempt(
        request,
        lambda: services.candidate_verify_email(token=token),
        success=_("Your email address is confirmed. Log in and fill in your profile."),
    )
    if user is None:
        return render(request, T + "verify_email.html", {"invalid": True}, status=400)
    return redirect(reverse("accounts:login") + "?next=" + reverse("registration:profile"))
