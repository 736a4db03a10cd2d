from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<id:notification_id>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("reminders/", views.reminder_list, name="reminder_list"),
    path("reminders/<id:reminder_id>/resend/", views.reminder_resend, name="reminder_resend"),
]
