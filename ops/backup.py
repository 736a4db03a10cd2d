"""Backups the office can trust: a PostgreSQL dump and the uploaded files, with a manifest that says what is in them.

A backup is one directory:
- ``database.dump``: ``pg_dump -Fc`` of the configured database;
- ``media.tar``: every file under MEDIA_ROOT;
- ``manifest.json``: the SHA-256 of both, of every media file, the row count of every table and the applied
  migrations, all read in the same snapshot as the dump (``pg_export_snapshot``), so they describe exactly it.
The manifest is written last, into a directory renamed into place at the end: a directory with a manifest is a
complete backup. ``restore`` checks the checksums before it touches anything, restores into a database it names,
and compares the row counts, migrations and files with the manifest afterwards.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from contextlib import closing
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connection
from psycopg2 import sql

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar"
# Connection options in DATABASES that libpq (pg_dump, pg_restore, psycopg2) understands.
LIBPQ_OPTIONS = {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name", "options"}


class BackupError(Exception):
    """A backup or restore that cannot be made, or does not match its manifest; the message says why."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def require_postgresql():
    if connection.vendor != "postgresql":
        raise BackupError(
            "backup and restore are for PostgreSQL (DATABASE_URL=postgres://...). On SQLite, stop the site and "
            f"copy {connection.settings_dict['NAME']} and {settings.MEDIA_ROOT} instead."
        )


def connection_params(database=None) -> dict:
    """libpq parameters of the configured database, or of another database on the same server."""
    db = connection.settings_dict
    params = {"dbname": database or db["NAME"], "user": db.get("USER"), "password": db.get("PASSWORD"),
              "host": db.get("HOST"), "port": db.get("PORT")}
    params.update({k: v for k, v in (db.get("OPTIONS") or {}).items() if k in LIBPQ_OPTIONS})
    return {k: str(v) for k, v in params.items() if v not in (None, "")}


def _quoted(value):
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _client(program, params, *args):
    """Run pg_dump or pg_restore against ``params``; the password goes in the environment, never on the command line."""
    params = dict(params)
    env = {**os.environ, "PGPASSWORD": params.pop("password", "")}
    conninfo = " ".join(f"{k}='{_quoted(v)}'" for k, v in params.items())
    result = subprocess.run([program, f"--dbname={conninfo}", *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def table_counts(cursor) -> dict[str, int]:
    """Every table of the current schema and its number of rows."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor) -> list[str]:
    cursor.execute("SELECT app || '.' || name FROM django_migrations ORDER BY app, name")
    return [row[0] for row in cursor.fetchall()]


def media_checksums(root: Path) -> dict[str, str]:
    root = Path(root)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def backup(output: Path | None = None) -> tuple[Path, dict]:
    """Write a backup into ``output`` (a new directory; by default a dated one under BACKUP_DIR)."""
    require_postgresql()
    now = datetime.datetime.now(datetime.timezone.utc)
    output = Path(output or Path(settings.BACKUP_DIR) / f"jinggang-{now:%Y%m%d-%H%M%S}")
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} exists and is not empty")
    partial = output.with_name(output.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    params = connection_params()
    # One snapshot for the dump and the counts: the manifest describes exactly what the dump holds.
    with closing(psycopg2.connect(**params)) as snapshot:
        snapshot.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            counts, migrations = table_counts(cursor), applied_migrations(cursor)
            _client("pg_dump", params, "--format=custom", f"--snapshot={snapshot_id}", f"--file={partial / DUMP}")
    media_root = Path(settings.MEDIA_ROOT)
    media = media_checksums(media_root)
    with tarfile.open(partial / MEDIA, "w") as archive:
        for name in media:
            archive.add(media_root / name, arcname=name, recursive=False)
    manifest = {
        "format": 1,
        "created_at": now.isoformat(),
        "database": params["dbname"],
        "files": {name: {"sha256": sha256(partial / name), "bytes": (partial / name).stat().st_size} for name in (DUMP, MEDIA)},
        "tables": counts,
        "migrations": migrations,
        "media": media,
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    if output.exists():
        output.rmdir()
    partial.rename(output)
    return output, manifest


def read_verified_manifest(directory: Path) -> dict:
    """The manifest, after checking that every file it names is there with its checksum."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{directory} holds no readable {MANIFEST}: {error}")
    for name, expected in manifest["files"].items():
        path = directory / name
        if not path.is_file() or sha256(path) != expected["sha256"]:
            raise BackupError(f"{path} is missing or does not match its checksum in the manifest; nothing was restored")
    return manifest


def _is_empty(params) -> bool | None:
    """None when the database does not exist, else whether it holds no table."""
    try:
        with closing(psycopg2.connect(**params)) as conn, conn.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%'"
            )
            return cursor.fetchone()[0] == 0
    except psycopg2.OperationalError as error:
        if "does not exist" in str(error):
            return None
        raise


def _server(params, statement):
    """A statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction)."""
    with closing(psycopg2.connect(**{**params, "dbname": "postgres"})) as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(params["dbname"])))


def restore(directory: Path, *, database: str, media_root: Path | None = None, force=False) -> dict:
    """Restore a backup into the database named ``database`` (on the configured server) and its files into
    ``media_root``; refuse a non-empty database or media directory unless ``force``. Returns what was compared."""
    require_postgresql()
    manifest = read_verified_manifest(directory)
    directory = Path(directory)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    params = connection_params(database)
    empty = _is_empty(params)
    if empty is False and not force:
        raise BackupError(f"database {database} is not empty; restore into a new one, or pass --force to replace it")
    if media_root.is_dir() and any(media_root.iterdir()) and not force:
        raise BackupError(f"{media_root} is not empty; name another --media-root, or pass --force to write over it")
    if empty is False:
        _server(params, "DROP DATABASE {} WITH (FORCE)")
    if empty is not True:
        _server(params, "CREATE DATABASE {}")
    _client("pg_restore", params, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
            str(directory / DUMP))
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / MEDIA) as archive:
        archive.extractall(media_root, filter="data")
    with closing(psycopg2.connect(**params)) as conn, conn.cursor() as cursor:
        counts, migrations = table_counts(cursor), applied_migrations(cursor)
    media = media_checksums(media_root)
    problems = [f"table {t}: {manifest['tables'].get(t)} in the backup, {counts.get(t)} restored"
                for t in sorted(set(manifest["tables"]) | set(counts)) if manifest["tables"].get(t) != counts.get(t)]
    if migrations != manifest["migrations"]:
        problems.append("the applied migrations differ from the backup's")
    problems += [f"file {name} differs or is missing" for name, digest in manifest["media"].items() if media.get(name) != digest]
    if problems:
        raise BackupError("the restored copy does not match the backup: " + "; ".join(problems))
    return {"tables": len(counts), "rows": sum(counts.values()), "files": len(manifest["media"])}
