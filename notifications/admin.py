from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification, Reminder, RuleSetting
from notifications.registry import REGISTRY


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "recipient__username"]
    list_select_related = ["recipient"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["rule", "recipient", "due_date", "status", "attempts", "sent_at"]
    list_filter = ["status", "rule"]
    search_fields = ["subject", "recipient__username"]
    list_select_related = ["recipient"]
    readonly_fields = ["status", "attempts", "claimed_at", "retry_after", "sent_at", "last_error"]


def _rule_choices():
    return sorted(((name, f"{rule.label} ({name}, {rule.lead_days})") for name, rule in REGISTRY.items()), key=str)


class RuleSettingForm(forms.ModelForm):
    # Every registered rule, by its label with its name and default lead time (in days), to choose from.
    rule = forms.ChoiceField(label=_("rule"), choices=_rule_choices)

    class Meta:
        model = RuleSetting
        fields = ["rule", "lead_days", "enabled"]


@admin.register(RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    form = RuleSettingForm
    list_display = ["rule", "rule_label", "lead_days", "enabled"]

    @admin.display(description=_("reminder"))
    def rule_label(self, setting):
        rule = REGISTRY.get(setting.rule)
        return rule.label if rule else setting.rule
