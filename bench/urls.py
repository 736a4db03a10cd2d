"""The product's URLs plus the baseline: a bare view that inserts one row (same server, same middleware)."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

# The product's error handlers too: a database error outside a view (in a middleware) gets the 503 page, as it does
# in production, not Django's bare 500 (bench/faults.py counted those as 500s).
from config.urls import handler500  # noqa: F401


@require_POST
def baseline_insert(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_baseline (created_at) VALUES (now())")
    return HttpResponse("ok")


urlpatterns = [
    path("bench/baseline/", baseline_insert),
    path("", include("config.urls")),
]
