from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

import core.converters  # noqa: F401  (registers <id:...> before any URL pattern below is built)
from accounts import views as account_views
from competition.decision import urls as decision_urls
from competition.evaluation import urls as evaluation_urls
from competition.formalities import urls as formalities_urls
from competition.inspection import urls as inspection_urls
from competition.publicity import urls as publicity_urls
from competition.release.views import home
from ops.views import health

# The admin asks for a verified second factor too (accounts.middleware sends an unverified session to verify first).
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "竞争上岗与任期制管理系统"
admin.site.site_title = "竞争上岗"

urlpatterns = [
    path("", home, name="home"),
    path("health", health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("interviews/", include("competition.interviews.urls")),
    path("written/", include("competition.written.urls")),
    # The language switch (django.conf.urls.i18n's view), which also records a signed-in user's choice.
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("office/", include("competition.release.urls")),
    path("audit/", include("audit.urls")),
    path("tenure/", include("tenure.urls")),
    path("documents/", include("competition.documents.urls")),
    path("candidates/", include("competition.candidates.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("", include("competition.registration.urls")),
    # Steps 5 to 8 share the "appointment" namespace: their URL names were given before they became packages.
    path(
        "",
        include(
            (
                evaluation_urls.urlpatterns
                + inspection_urls.urlpatterns
                + publicity_urls.urlpatterns
                + decision_urls.urlpatterns
                + formalities_urls.urlpatterns,
                "appointment",
            )
        ),
    ),
    path("admin/", admin.site.urls),
]

# A database error outside a view (the session saved after it) still gets the 503 page, not a bare 500.
handler500 = "config.middleware.server_error"
