from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import router
from django.db.models.deletion import Collector, ProtectedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.signals import emit

# django-otp's own admin pages show TOTP keys and recovery tokens: second factors are enrolled on the user's own
# page and reset by the security administrator (accounts/views.py), never read or edited in the admin.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


def deletion_refused(user: User) -> bool:
    """Whether a record protects the user (the audit log names him): he is deactivated, not deleted."""
    collector = Collector(using=router.db_for_write(User))
    try:
        collector.collect([user])
    except ProtectedError:
        return True
    return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_office", "secretary_of", "is_active", "last_login"]
    list_filter = ["is_office", "secretary_of", "is_active", "is_staff", "is_system_admin", "is_security_admin", "is_audit_admin"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["secretary_of"]
    readonly_fields = ["two_factor_enrolled"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (gettext_lazy("Roles"), {"fields": ("full_name", "phone", "is_office", "secretary_of")}),
        (
            gettext_lazy("Separated duties"),
            {"fields": ("is_system_admin", "is_security_admin", "is_audit_admin", "two_factor_enrolled")},
        ),
    )

    def get_actions(self, request):
        # A bulk delete would meet the same refusal for anyone in the log: deactivate instead.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, object_id)
        if user is not None and deletion_refused(user):
            emit("user_delete_refused", user=request.user, target=user, outcome="failure")
            messages.error(
                request,
                _("%(user)s appears in the records (the audit log) and cannot be deleted: deactivate the account instead.")
                % {"user": user.get_username()},
            )
            return redirect(reverse("admin:accounts_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)
