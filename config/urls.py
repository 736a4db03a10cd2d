from django.contrib import admin
from django.urls import include, path

from competition.views import home

admin.site.site_header = "竞争上岗与任期制管理系统"
admin.site.site_title = "竞争上岗"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("interviews/", include("competition.interview_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("office/", include("competition.urls")),
    path("admin/", admin.site.urls),
]
