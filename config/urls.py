from django.contrib import admin
from django.urls import include, path

from competition.views import home
from ops.views import health

admin.site.site_header = "竞争上岗与任期制管理系统"
admin.site.site_title = "竞争上岗"

urlpatterns = [
    path("", home, name="home"),
    path("health", health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("interviews/", include("competition.interview_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("office/", include("competition.urls")),
    path("audit/", include("audit.urls")),
    path("tenure/", include("tenure.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("", include("competition.registration_urls")),
    path("", include("competition.appointment_urls")),
    path("admin/", admin.site.urls),
]
