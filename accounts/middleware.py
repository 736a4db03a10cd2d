"""A user given a printed one-time password chooses his own before he can do anything else."""

from django.shortcuts import redirect
from django.urls import reverse

# What such a user may still reach: the change itself, logging out, the language switch, static files.
_ALLOWED = ("accounts:password_change", "accounts:password_change_done", "accounts:logout", "set_language")


class FirstPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "password_change_required", False):
            allowed = {reverse(name) for name in _ALLOWED}
            if request.path not in allowed and not request.path.startswith(("/static/", "/i18n/")):
                return redirect(reverse("accounts:password_change") + "?first=1")
        return self.get_response(request)
