"""core.http.client_address: one client address for the audit log, the rate limits and the login lockout."""

import pytest
from django.test import RequestFactory

from audit.models import AuditEvent
from audit.services import audit_record
from core.http import client_address


def request(remote="10.0.0.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_client_is_remote_addr_whatever_the_header_says(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request(forwarded="1.2.3.4")) == "10.0.0.9"


def test_behind_one_proxy_the_client_is_the_last_hop(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request(forwarded="203.0.113.7")) == "203.0.113.7"


def test_behind_one_proxy_hops_the_client_added_itself_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sends "X-Forwarded-For: 6.6.6.6"; the proxy appends the address it saw.
    assert client_address(request(forwarded="6.6.6.6, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_client_is_the_second_hop_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request(forwarded="6.6.6.6, 203.0.113.7, 10.1.1.1")) == "203.0.113.7"


def test_fewer_hops_than_proxies_falls_back_to_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request(forwarded="203.0.113.7")) == "10.0.0.9"


@pytest.mark.parametrize("garbage", ["not-an-address", "<script>", "999.1.1.1", "", " , ", "1.2.3.4; DROP TABLE", "\x00"])
def test_a_hop_that_is_not_an_address_falls_back_to_remote_addr(settings, garbage):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request(forwarded=garbage)) == "10.0.0.9"


def test_an_ipv6_hop_is_normalised(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request(forwarded="2001:DB8:0:0::1")) == "2001:db8::1"


@pytest.mark.django_db
@pytest.mark.parametrize("forwarded", ["not-an-address", "6.6.6.6, garbage", "x" * 500])
def test_the_audit_log_records_a_garbage_header_as_the_real_address_and_does_not_fail(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    event = audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, request=request(forwarded=forwarded), username="x")
    event.refresh_from_db()
    assert event.ip_address == "10.0.0.9"


@pytest.mark.django_db
def test_the_audit_log_records_the_client_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    event = audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, request=request(forwarded="6.6.6.6, 203.0.113.7"))
    event.refresh_from_db()
    assert event.ip_address == "203.0.113.7"


def test_attempt_form_calls_the_service_with_the_cleaned_data_or_shows_the_errors():
    from django import forms
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from core.exceptions import ActionRefused
    from core.http import attempt_form

    class ReasonForm(forms.Form):
        reason = forms.CharField(error_messages={"required": "A reason, please."})

    def request():
        r = RequestFactory().post("/")
        r.session = {}
        r._messages = FallbackStorage(r)
        return r

    calls = []
    r = request()
    assert attempt_form(r, ReasonForm({"reason": ""}), calls.append, success="done") is None
    assert calls == [] and [str(m) for m in get_messages(r)] == ["A reason, please."]
    r = request()
    assert attempt_form(r, ReasonForm({"reason": "调整"}), lambda data: data["reason"], success="done") == "调整"
    assert [str(m) for m in get_messages(r)] == ["done"]

    def refuse(data):
        raise ActionRefused("Not now.")

    r = request()
    assert attempt_form(r, ReasonForm({"reason": "调整"}), refuse, success="done") is None
    assert [str(m) for m in get_messages(r)] == ["Not now."]
