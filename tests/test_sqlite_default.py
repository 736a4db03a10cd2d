"""The embedded default (SQLite, a first run): transactions take the write lock when they begin."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Two threads, each with its own connection to one SQLite file. The second opens its transaction while the first
# is inside its own; it may only get in once the first has committed, or a check made before writing (the
# per-round cap, a transition's state) could be overtaken by the other one's write.
SCRIPT = """
import threading, time
import django
django.setup()
from django.db import connection, transaction

order = []

def first():
    with transaction.atomic():
        order.append("first begins")
        time.sleep(0.6)
        order.append("first commits")
    connection.close()

def second():
    time.sleep(0.2)
    with transaction.atomic():
        order.append("second begins")
    connection.close()

threads = [threading.Thread(target=first), threading.Thread(target=second)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(",".join(order))
"""


def test_a_second_transaction_waits_for_the_first_on_the_embedded_database(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "first begins,first commits,second begins"
