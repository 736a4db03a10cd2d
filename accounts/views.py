"""Candidate sign-up and email verification (their URLs keep the registration namespace: see
competition/registration/urls.py); two-factor login; the system and security administrators' pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordResetView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import lockouts, roles, rules, services, two_factor
from accounts.forms import SignUpForm, TokenForm
from accounts.models import User
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


# Two factors -------------------------------------------------------------------------------------------------------


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), confirm with a code; the recovery codes are shown once."""
    if request.user.two_factor_enrolled and TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:two_factor_verify" if not request.user.is_verified() else "home")
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed, codes = two_factor.two_factor_enrol(
                user=request.user, device_id=device.pk, token=form.cleaned_data["token"]
            )
        except two_factor.TwoFactorRefused as error:
            form.add_error("token", str(error))
        else:
            otp_login(request, confirmed)
            return render(request, T + "two_factor/codes.html", {"codes": codes, "next": _next(request)})
    return render(
        request,
        T + "two_factor/setup.html",
        {"form": form, "qr": two_factor.qr_svg(device), "secret": two_factor.secret_base32(device), "next": _next(request)},
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login."""
    if not request.user.two_factor_enrolled:
        return redirect(reverse("accounts:two_factor_setup") + "?" + request.GET.urlencode())
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.two_factor_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            request.session.cycle_key()  # a new session key once the login is complete
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("The code is not correct."))
    return render(request, T + "two_factor/verify.html", {"form": form, "next": _next(request)})


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (POST), shown once; the old ones stop working."""
    if request.method != "POST":
        return render(request, T + "two_factor/codes.html", {"regenerate": True})
    codes = attempt(request, lambda: two_factor.recovery_codes_regenerate(user=request.user), success=_("New recovery codes are made."))
    if codes is None:
        return redirect("accounts:two_factor_setup")
    return render(request, T + "two_factor/codes.html", {"codes": codes, "next": resolve_url("home")})


# Separated duties --------------------------------------------------------------------------------------------------


@login_required
def user_roles(request: HttpRequest) -> HttpResponse:
    """The system administrator's page: accounts and their roles (no candidates' data)."""
    rules.require(rules.is_system_admin, request.user)
    if request.method == "POST":
        attempt(
            request,
            lambda: roles.user_role_set(
                user_id=int(request.POST.get("user", 0) or 0),
                role=request.POST.get("role", ""),
                granted=request.POST.get("granted") == "1",
                by=request.user,
            ),
            success=_("The role is changed."),
        )
        return redirect("accounts:user_roles")
    users = User.objects.order_by("username").only("username", "full_name", "is_active", *roles.GRANTABLE)
    query = request.GET.get("q", "").strip()[:150]
    if query:
        users = users.filter(username__icontains=query)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    rows = [(user, [(field, label, getattr(user, field)) for field, label in roles.GRANTABLE.items()]) for user in page]
    return render(request, T + "admin/user_roles.html", {"page": page, "rows": rows, "q": query})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The security administrator's page: login lockouts and second factors."""
    rules.require(rules.is_security_admin, request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reset_two_factor":
            attempt(
                request,
                lambda: two_factor.two_factor_reset(user_id=int(request.POST.get("user", 0) or 0), by=request.user),
                success=_("The second factor is removed; the user enrols again at the next login."),
            )
        elif action == "unlock":
            attempt(
                request,
                lambda: lockouts.lockout_reset(username=request.POST.get("username", "")[:150], by=request.user),
                success=_("The lockout is lifted."),
            )
        return redirect("accounts:security")
    enrolled = User.objects.filter(two_factor_enrolled=True).order_by("username").only("username", "full_name")
    return render(
        request,
        T + "admin/security.html",
        {"enrolled": enrolled, "lockouts": lockouts.current_lockouts(), "idle_minutes": settings.OFFICE_SESSION_IDLE_MINUTES},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page; a password chosen here also ends a printed one-time password's hold on the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.user.password_change_required:
            self.request.user.password_change_required = False
            self.request.user.save(update_fields=["password_change_required"])
        return response


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invited user (an examiner, say) chooses his password; the link is spent by it."""
    try:
        user = services.account_for_invitation(token)
    except services.SignUpError as refusal:
        return render(request, T + "invitation.html", {"invalid": str(refusal)}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.invitation_accept(token=token, password=form.cleaned_data["new_password1"]),
            success=_("Your password is set. Log in with your login name %(username)s.") % {"username": user.username},
        )
        if done is not None:
            return redirect("accounts:login")
        messages.error(request, _("Please try again."))
    return render(request, T + "invitation.html", {"form": form, "account": user})


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in user's choice also becomes the language his notifications and reminders
    are written in (User.language, read when each is sent: notifications.messages.language_of)."""
    response = i18n.set_language(request)
    code = request.POST.get("language") if request.method == "POST" else None
    if request.user.is_authenticated and code in dict(settings.LANGUAGES) and request.user.language != code:
        User.objects.filter(pk=request.user.pk).update(language=code)
    return response
