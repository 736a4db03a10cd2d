#!/bin/sh
# Registration rush on PostgreSQL behind gunicorn (2 × cores + 1 workers), load from 127.0.0.1.
# Usage: bench/run.sh [candidates=600] [posts=60] [concurrency=50]
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
GUNICORN=${GUNICORN:-$(dirname "$PY")/gunicorn}
N=${1:-600}; POSTS=${2:-60}; CONCURRENCY=${3:-50}
DB=${BENCH_DB:-jinggang_bench_registration}
PORT=${BENCH_PORT:-18763}
WORKERS=$(( 2 * $(nproc) + 1 ))
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" DJANGO_SETTINGS_MODULE=bench.settings
export DEBUG=0 SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" ALLOWED_HOSTS=127.0.0.1
# Production settings: ID numbers are sealed at rest with keys of the run's own (a Fernet key, an HMAC key).
export ID_NUMBER_KEYS="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')"
export ID_NUMBER_HMAC_KEY="$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}
export DATABASE_CONN_MAX_AGE=600 CELERY_TASK_ALWAYS_EAGER=1 VAR_DIR="${TMPDIR:-/tmp}/jinggang-bench"
dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"; createdb -h 127.0.0.1 -U postgres "$DB"
$PY manage.py migrate --noinput -v0
# Another process on the port would take (or send) requests meant for this run.
if $PY -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
  echo "port $PORT is in use; set BENCH_PORT" >&2; exit 1
fi
TOKENS=$(mktemp)
$PY bench/registration_rush.py setup "$N" "$POSTS" > "$TOKENS"
$GUNICORN bench.wsgi:application -w "$WORKERS" ${GUNICORN_ARGS:-} -b "127.0.0.1:$PORT" --log-level warning &
GPID=$!
trap 'kill $GPID 2>/dev/null; rm -f "$TOKENS"' EXIT
sleep 3
echo "gunicorn: $WORKERS sync workers on $(nproc) cores; $N candidates over $POSTS posts; $CONCURRENCY concurrent clients"
$PY bench/registration_rush.py load "http://127.0.0.1:$PORT" "$TOKENS" "$CONCURRENCY"
$PY bench/registration_rush.py check "$TOKENS"
