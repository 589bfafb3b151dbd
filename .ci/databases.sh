#!/usr/bin/env bash
# CI: make PostgreSQL and MariaDB answer on 127.0.0.1 the way tests/test_database.py expects:
#   PostgreSQL 5432, trust authentication, database "test";
#   MariaDB 3306, root with an empty password over TCP, database "test".
# Servers that already answer are left alone (the fast path); stopped ones are started; missing
# ones are installed from Debian's packages and configured. Idempotent; never stops anything.
set -euo pipefail

TIMEOUT=${DATABASES_TIMEOUT:-60}  # seconds to wait for each server

die() {
  echo "databases.sh: $*" >&2
  exit 1
}

apt_install() {
  echo "+ apt-get install $*"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wait_for() {  # wait_for NAME COMMAND...: until COMMAND succeeds, at most TIMEOUT seconds
  local name=$1
  shift
  for _ in $(seq "$TIMEOUT"); do
    "$@" && return 0
    sleep 1
  done
  die "$name did not answer on 127.0.0.1 within ${TIMEOUT}s"
}

as_postgres() {  # through the local socket, where Debian's pg_hba.conf trusts the postgres user (peer)
  (cd / && runuser -u postgres -- "$@")
}

postgres_ready() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
postgres_ok() { psql "postgresql://postgres@127.0.0.1:5432/test" -Atqc 'SELECT 1' >/dev/null 2>&1; }

if ! postgres_ok; then
  if ! postgres_ready; then
    compgen -G "/etc/postgresql/*/main" >/dev/null || apt_install postgresql
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "+ pg_ctlcluster $version main start"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true  # the wait below reports failure
    wait_for PostgreSQL postgres_ready
  fi
  if ! postgres_ok; then
    echo "+ configure PostgreSQL: trust on 127.0.0.1, database test"
    hba=$(as_postgres psql -Atqc 'SHOW hba_file')
    # First match wins: this line goes above Debian's scram-sha-256 one.
    grep -qx 'host all all 127.0.0.1/32 trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    as_postgres psql -Atqc 'SELECT pg_reload_conf()' >/dev/null
    [ "$(as_postgres psql -Atqc "SELECT 1 FROM pg_database WHERE datname = 'test'")" = 1 ] || as_postgres createdb test
    postgres_ok || die "PostgreSQL answers but postgres@127.0.0.1:5432/test does not accept a login without password"
  fi
fi

mariadb_alive() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 --connect-timeout=2 ping >/dev/null 2>&1; }
mariadb_ok() { mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -uroot --connect-timeout=2 -e 'SELECT 1' test >/dev/null 2>&1; }

if ! mariadb_ok; then
  if ! mariadb_alive; then  # "alive" even when access is denied: it only tells that the server runs
    [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
    install -d -o mysql -g mysql -m 755 /run/mysqld  # made by systemd normally
    echo "+ start mariadbd"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    wait_for MariaDB mariadb_alive
  fi
  if ! mariadb_ok; then
    echo "+ configure MariaDB: root without password over TCP, database test"
    # Through the socket, where Debian authenticates the system root (unix_socket). Without
    # skip-name-resolve a TCP client on 127.0.0.1 may be matched as root@localhost: open both.
    mariadb -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
CREATE DATABASE IF NOT EXISTS test;
SQL
    mariadb_ok || die "MariaDB answers but root@127.0.0.1:3306/test does not accept a login without password"
  fi
fi

echo "databases: PostgreSQL and MariaDB answer on 127.0.0.1"
