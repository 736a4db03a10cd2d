"""A production run: gunicorn with the production settings, a real Celery worker and beat on Redis,
PostgreSQL, and a local SMTP sink that captures the mail. Needs the services; CI always has them."""

import base64
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
DEMO_SECRETS: dict[str, str] = {}
_last_step: dict[str, int] = {}
BIN = Path(sys.executable).parent


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ProxiedClient:
    """An HTTP client that talks to gunicorn as the TLS-terminating proxy would: it adds X-Forwarded-Proto,
    and keeps the Secure cookies itself (a cookie jar would not send them over plain HTTP)."""

    def __init__(self, port):
        self.origin = f"https://127.0.0.1:{port}"
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20)
        self.cookies = {}

    def request(self, method, path, headers=None, **kwargs):
        headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.setdefault("Referer", self.origin + path)
        response = self.http.request(method, path, headers=headers, **kwargs)
        for line in response.headers.get_list("set-cookie"):
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def close(self):
        self.http.close()


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({"to": envelope.rcpt_tos, "data": envelope.content.decode("utf-8", "replace")})
        return "250 OK"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    redis_url = os.environ.get("REDIS_URL")
    pg = os.environ.get("DATABASE_URL", "")
    if not (redis_url and pg.startswith("postgres")):
        if os.environ.get("CI") == "true":
            pytest.fail("the production run needs PostgreSQL and Redis; CI provides both")
        pytest.skip("the production run needs DATABASE_URL on PostgreSQL and REDIS_URL")
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    smtp_port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()

    var = tmp_path_factory.mktemp("prod-var")
    database = f"jinggang_prod_{secrets.token_hex(4)}"
    admin_url = pg.rsplit("/", 1)[0] + "/postgres"
    subprocess.run([sys.executable, "-c", f"import psycopg2; c = psycopg2.connect({admin_url!r}); c.autocommit = True; "
                    f"c.cursor().execute('CREATE DATABASE {database}')"], check=True)
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ID_NUMBER_KEYS": Fernet.generate_key().decode(),
        "ID_NUMBER_HMAC_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "DATABASE_URL": pg.rsplit("/", 1)[0] + "/" + database,
        "CELERY_BROKER_URL": redis_url.rsplit("/", 1)[0] + "/9",
        "REDIS_URL": redis_url.rsplit("/", 1)[0] + "/10",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "VAR_DIR": str(var),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        done = subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    # load_demo prints the demo accounts' second-factor secrets, as it does for a first run.
    DEMO_SECRETS.update(re.findall(r"^\s+(\S+)\s+TOTP secret ([A-Z2-7]+)$", done.stdout, re.MULTILINE))
    assert "office" in DEMO_SECRETS, done.stdout
    logs = {name: open(var / f"{name}.log", "w") for name in ("web", "worker", "beat")}
    processes = [
        subprocess.Popen([str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                          "--forwarded-allow-ips", "127.0.0.1"], cwd=ROOT, env=env, stdout=logs["web"], stderr=subprocess.STDOUT),
        subprocess.Popen([str(BIN / "celery"), "-A", "config", "worker", "--loglevel=info", "--concurrency=2",
                          "--hostname", f"prod-{database}@%h"], cwd=ROOT, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT),
        subprocess.Popen([str(BIN / "celery"), "-A", "config", "beat", "--loglevel=info",
                          "--schedule", str(var / "beat-schedule")], cwd=ROOT, env=env, stdout=logs["beat"], stderr=subprocess.STDOUT),
    ]
    # The TLS-terminating proxy's header: gunicorn trusts it from 127.0.0.1, Django reads it.
    client = ProxiedClient(port)
    try:
        deadline = time.monotonic() + 180  # worker and beat start slowly on a loaded machine
        while time.monotonic() < deadline:
            try:
                if client.get("/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(1)
        yield {"client": client, "mailbox": mailbox, "env": env, "port": port, "var": var}
    finally:
        client.close()
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs.values():
            log.close()
        controller.stop()
        subprocess.run([sys.executable, "-c", f"import psycopg2; c = psycopg2.connect({admin_url!r}); c.autocommit = True; "
                        f"c.cursor().execute('DROP DATABASE IF EXISTS {database} WITH (FORCE)')"], check=False)


def wait_for(predicate, timeout=60, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def csrf_token(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def totp_code(username):
    """The demo account's current code, as the phone shows it; a code used already (a second login within the
    same 30 seconds) is refused, so wait for the next one."""
    from django_otp.oath import TOTP

    secret = DEMO_SECRETS[username]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    while (step := TOTP(key).t()) <= _last_step.get(username, -1):
        time.sleep(0.5)
    _last_step[username] = step
    return f"{TOTP(key).token():06d}"


def login(client, username, password):
    """The login form, then for an account that needs it the second factor: the response of the last step."""
    token = csrf_token(client, "/accounts/login/")
    response = client.post("/accounts/login/", data={"username": username, "password": password, "csrfmiddlewaretoken": token})
    if response.status_code == 302 and username in DEMO_SECRETS:
        target = response.headers["Location"]
        assert client.get(target).status_code == 302, "an office user must pass the second factor first"
        token = csrf_token(client, "/accounts/two-factor/verify/")
        response = client.post(
            "/accounts/two-factor/verify/",
            data={"token": totp_code(username), "csrfmiddlewaretoken": token, "next": target},
        )
        assert response.status_code == 302, response.text[-2000:]
    return response
