"""Row ids in URLs: the project's own ``id`` converter (at most 18 digits), never Django's unbounded ``int``."""

import warnings

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, get_converters

from core.converters import IdConverter, register


def patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_no_url_pattern_uses_djangos_unbounded_int_converter():
    offenders = [
        path for path, entry in patterns() for converter in getattr(entry.pattern, "converters", {}).values()
        if isinstance(converter, IntConverter)
    ]
    assert offenders == []
    assert sum(isinstance(c, IdConverter) for _p, e in patterns() for c in getattr(e.pattern, "converters", {}).values()) > 50


def test_the_id_converter_has_its_own_name_and_int_stays_djangos():
    assert get_converters()["id"] is IdConverter or isinstance(get_converters()["id"], IdConverter)
    assert isinstance(get_converters()["int"], IntConverter)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # registering again warns nothing (no RemovedInDjango60Warning)
        register()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/posts/1234567890123456789/", "/posts/99999999999999999999/apply/", "/tenure/terms/12345678901234567890/",
    "/reports/campaigns/12345678901234567890/", "/notifications/12345678901234567890/read/",
])
def test_an_id_of_19_digits_or_more_is_a_404_before_any_query(client, office, url):
    client.force_login(office)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
