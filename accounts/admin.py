from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_office", "secretary_of", "is_active", "last_login"]
    list_filter = ["is_office", "secretary_of", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["secretary_of"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Roles"), {"fields": ("full_name", "phone", "is_office", "secretary_of")}),)
