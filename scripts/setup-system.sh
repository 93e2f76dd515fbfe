#!/usr/bin/env bash
# The system packages Weft needs, from Debian/Ubuntu's apt: ffmpeg to run it; with --test also
# Chromium (end-to-end tests), fonts and espeak-ng (test videos that speak), and — when no
# PostgreSQL server answers at the test URL — PostgreSQL itself, started as a throwaway test server
# (trust authentication, bound to the URL's loopback address) so the PostgreSQL half of the suites
# runs too. Uses sudo when not root; does nothing when everything is there already.
set -euo pipefail
testing=false
if [ "${1:-}" = "--test" ]; then testing=true; fi
packages=(ffmpeg)
if $testing; then packages+=(chromium fonts-dejavu-core espeak-ng); fi

# The test database's address, as the suites read it (TEST_DATABASE_URL, else the default).
test_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
hostport="${test_url#*://}"; hostport="${hostport#*@}"; hostport="${hostport%%/*}"
pg_host="${hostport%%:*}"; pg_port="${hostport##*:}"; [ "$pg_port" = "$hostport" ] && pg_port=5432
pg_answers() { (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; }
need_postgres=false
if $testing && ! pg_answers; then
  case "$pg_host" in
    127.0.0.1|localhost) need_postgres=true; packages+=(postgresql) ;;
    *) echo "weft: no PostgreSQL answers at $pg_host:$pg_port; start it, or the PostgreSQL suites are skipped" >&2 ;;
  esac
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
    if [ "${#missing[@]}" -gt 0 ] || $need_postgres; then
      echo "weft: installing ${missing[*]:-a PostgreSQL test server} needs root (run as root, or install sudo)" >&2
      exit 1
    fi
  fi
fi
if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages: all there (${packages[*]})"
else
  export DEBIAN_FRONTEND=noninteractive
  if [[ " ${missing[*]} " == *" postgresql "* ]]; then
    # no distribution cluster on the test port: the test server below is made instead
    "${as_root[@]}" install -d /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | "${as_root[@]}" tee /etc/postgresql-common/createcluster.d/weft-test.conf >/dev/null
  fi
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

if $need_postgres; then
  # A cluster of its own (not the distribution's, whose authentication we leave alone), owned by
  # the postgres account, trust authentication for the tests, listening only on the test address.
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  dir=/var/lib/postgresql/weft-test-$pg_port
  as_pg=("${as_root[@]}" runuser -u postgres --)
  if [ ! -s "$dir/PG_VERSION" ]; then
    "${as_root[@]}" install -d -o postgres -g postgres -m 700 "$dir"
    "${as_pg[@]}" "$bin/initdb" -D "$dir" -U postgres -A trust --no-sync >/dev/null
  fi
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-c listen_addresses=$pg_host -c port=$pg_port -c unix_socket_directories=/tmp -c fsync=off" start >/dev/null
  if pg_answers; then echo "PostgreSQL test server: $pg_host:$pg_port (data in $dir; stop: pg_ctl -D $dir stop)"; else
    echo "weft: the PostgreSQL test server did not start; see $dir/server.log" >&2
    exit 1
  fi
fi
