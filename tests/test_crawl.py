"""Every page a demo user can reach by following links renders without a server error."""

import os
import re
from collections import deque

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/media/", "/accounts/logout", "/i18n/", "/admin/")  # the admin has tests/test_admin.py


def crawl(client, start="/", limit=400):
    seen, queue, errors = {start}, deque([start]), []
    while queue and len(seen) <= limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code >= 500:
            errors.append((url, response.status_code))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link.startswith(SKIP) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return seen, errors


@pytest.mark.parametrize("username", [None, "office", "luodian", "yuepu", "candidate", "examiner"])
def test_no_page_reachable_from_the_demo_fails(username, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    call_command("load_demo", stdout=open(os.devnull, "w"))
    client = Client(raise_request_exception=False)
    if username:
        from accounts.models import User

        client.force_login(User.objects.get(username=username))
    seen, errors = crawl(client)
    assert errors == []
    assert len(seen) > (3 if username is None else 8)
