"""Messages of the libraries we use, listed so that ``makemessages`` keeps them in our catalogue, where they are
worded as the rest of the site: django-axes has no Simplified Chinese names for its models (the admin showed
"Access attempts"), and Django's own catalogue says 你 where the site says 您 (the sign-up page's password rules).
Our catalogue (LOCALE_PATHS) comes before the libraries', so its wording wins. Nothing calls this module."""

from django.utils.translation import gettext_noop, ngettext_lazy

AXES_MODEL_NAMES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
]

DJANGO_PASSWORD_WORDING = [
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Are you sure?"),
    gettext_noop("You don’t have permission to view or edit anything."),
]
