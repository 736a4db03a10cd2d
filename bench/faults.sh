#!/bin/sh
# Fault bench (issue 23): a mixed load while PostgreSQL restarts, the cache Redis stops, the broker Redis stops and
# the Celery worker is killed (sending reminders, exporting); the database is checked after each (bench/faults.py).
# Everything runs on servers of its own, started here and removed at the end: a PostgreSQL cluster in a temporary
# directory (port FAULTS_PG_PORT, 55432), Redis for the cache (56379) and for the broker (56380), gunicorn (18764).
# The shared PostgreSQL and Redis on 5432/6379 are never touched.
# Usage: bench/faults.sh   (a few minutes; FAULTS_RATE, FAULTS_CANDIDATES, FAULTS_EXPORT_ROWS tune it; FAULTS_KEEP=1
# keeps the temporary directory with the servers' and processes' logs)
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)}
PG_PORT=${FAULTS_PG_PORT:-55432}; CACHE_PORT=${FAULTS_CACHE_PORT:-56379}; BROKER_PORT=${FAULTS_BROKER_PORT:-56380}
export FAULTS_WEB_PORT=${FAULTS_WEB_PORT:-18764}
for port in "$PG_PORT" "$CACHE_PORT" "$BROKER_PORT" "$FAULTS_WEB_PORT"; do
  if $PY -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)) != 0)"; then
    echo "port $port is in use; set FAULTS_*_PORT" >&2; exit 1
  fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jinggang-faults.XXXXXX")
chmod 755 "$WORK"
# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
if [ "$(id -u)" = 0 ]; then AS_PG="runuser -u postgres --"; mkdir "$WORK/pg"; chown postgres "$WORK/pg"; else AS_PG=""; fi

cleanup() {
  status=$?
  if [ -f "$WORK/pids" ]; then
    while read -r pid; do kill -KILL -- "-$pid" 2>/dev/null || true; done < "$WORK/pids"
  fi
  redis-cli -p "$CACHE_PORT" shutdown nosave >/dev/null 2>&1 || true
  redis-cli -p "$BROKER_PORT" shutdown nosave >/dev/null 2>&1 || true
  $AS_PG "$PGBIN/pg_ctl" -D "$WORK/pg" stop -m immediate >/dev/null 2>&1 || true
  if [ "$status" != 0 ]; then echo "exit $status; the logs' ends:" >&2; tail -n 30 "$WORK"/*.log >&2 || true; fi
  if [ -n "${FAULTS_KEEP:-}" ]; then echo "kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

$AS_PG "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
$AS_PG "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w start \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK/pg -c max_connections=60" >/dev/null
redis_args() { echo "--port $1 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir $WORK --logfile $WORK/redis-$1.log"; }

# What bench/faults.py calls to inject the faults, and nothing else.
cat > "$WORK/ctl" <<EOF
#!/bin/sh
set -e
case "\$1" in
  pg-restart) $AS_PG "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w restart -m fast ;;
  cache-stop) redis-cli -p $CACHE_PORT shutdown nosave ;;
  cache-start) eval redis-server $(redis_args "$CACHE_PORT") ;;
  broker-stop) redis-cli -p $BROKER_PORT shutdown nosave ;;
  broker-start) eval redis-server $(redis_args "$BROKER_PORT") ;;
esac
EOF
chmod +x "$WORK/ctl"
"$WORK/ctl" cache-start >/dev/null
"$WORK/ctl" broker-start >/dev/null

createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres jinggang_faults
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/jinggang_faults" DJANGO_SETTINGS_MODULE=bench.settings
export REDIS_URL="redis://127.0.0.1:$CACHE_PORT/0" CELERY_BROKER_URL="redis://127.0.0.1:$BROKER_PORT/0"
export DEBUG=0 SECRET_KEY="faults-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" ALLOWED_HOSTS=127.0.0.1
# Production settings: ID numbers are sealed at rest with keys of the run's own (a Fernet key, an HMAC key).
export ID_NUMBER_KEYS="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')"
export ID_NUMBER_HMAC_KEY="$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export DATABASE_CONN_MAX_AGE=600 VAR_DIR="$WORK/var" MEDIA_ROOT="$WORK/var/media" PYTHONUNBUFFERED=1
# Reminders by a mail backend that records each message and takes 0.2 s; leases of seconds, not minutes.
export NOTIFICATION_CHANNELS=email EMAIL_BACKEND=bench.faults_mail.RecordingSlowBackend
export REMINDER_SEND_LEASE_SECONDS=5 EXPORT_LEASE_SECONDS=5
$PY manage.py migrate --noinput -v0
echo "faults: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
$PY bench/faults.py "$WORK"
