"""Candidate sign-up and email verification (their URLs keep the registration namespace: see
competition/registration/urls.py)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import services
from accounts.forms import SignUpForm
from core.http import attempt

T = "accounts/"


def sign_up(request: HttpRequest) -> HttpResponse:
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
