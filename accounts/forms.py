from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


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
