"""Candidate sign-up and email verification (their URLs keep the registration namespace: see
competition/registration/urls.py)."""

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
