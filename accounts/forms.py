import math

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm, UsernameField
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import ratelimit
from core.http import client_address


class LoginForm(AuthenticationForm):
    # One message for a wrong username and a wrong password: no username enumeration.
    error_messages = {
        "invalid_login": _("The username or password is not correct."),
        "inactive": _("The username or password is not correct."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is built, so it is not validated: an overlong
        # name reached authenticate() and the failed-login records (a database error, a 500).
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))

    def clean(self):
        # django-axes locks a username from an address; this counts an address's failures across usernames (password
        # spraying): past the limit every login from it is refused until the window ends.
        address = client_address(self.request) if self.request is not None else ""
        window = settings.LOGIN_ADDRESS_WINDOW
        if address and ratelimit.is_limited("login-address", address, limit=settings.LOGIN_FAILURES_PER_ADDRESS, window=window):
            raise forms.ValidationError(
                _("Too many failed logins from your address. Please wait %(minutes)s minutes.")
                % {"minutes": math.ceil(ratelimit.seconds_left(window) / 60)},
                code="address_limited",
            )
        try:
            return super().clean()
        except forms.ValidationError:
            if address:
                ratelimit.hit("login-address", address, window=window)
            raise


class SignUpForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email"]
        # NFKC-normalised like the login form's username: "ｏｆｆｉｃｅ" signs up as (and collides with) "office".
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["full_name"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address exists already."))
        return email


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The six digits the authenticator app shows, or one of your recovery codes."),
    )
