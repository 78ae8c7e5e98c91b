"""A throwaway PostgreSQL cluster of the benchmark's own: initdb + pg_ctl on a free port,
with pg_stat_statements loaded, removed at the end."""

import os
import shutil
import subprocess
import tempfile
import time

from .procs import free_port


def _find(tool):
    """The PostgreSQL server binary `tool` (Debian keeps them off PATH)."""
    found = shutil.which(tool)
    if found:
        return found
    base = "/usr/lib/postgresql"
    if os.path.isdir(base):
        for version in sorted(os.listdir(base), reverse=True):
            path = os.path.join(base, version, "bin", tool)
            if os.path.exists(path):
                return path
    raise SystemExit(f"bench: {tool} not found (install postgresql-15)")


class Cluster:
    """One cluster in a temporary directory. PostgreSQL refuses to run as root, so as root
    the server runs as the `postgres` user (runuser)."""

    def __init__(self, log_statements=False, keep=False):
        self.dir = tempfile.mkdtemp(prefix="cchc-bench-pg-")
        os.chmod(self.dir, 0o755)
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        self.keep = keep
        self.log_statements = log_statements
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")

    def start(self):
        subprocess.run(
            self.as_postgres
            + [_find("initdb"), "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
               "--no-locale"],
            check=True, stdout=subprocess.DEVNULL)
        options = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": self.dir,
            "shared_preload_libraries": "pg_stat_statements",
            "pg_stat_statements.track": "top",
            "pg_stat_statements.max": "10000",
            "shared_buffers": "512MB",
            "max_connections": "200",
            "log_statement": "all" if self.log_statements else "none",
        }
        with open(os.path.join(self.data, "postgresql.auto.conf"), "a") as conf:
            for key, value in options.items():
                conf.write(f"{key} = '{value}'\n")
        subprocess.run(
            self.as_postgres
            + [_find("pg_ctl"), "-D", self.data, "-l", os.path.join(self.dir, "postgres.log"),
               "-w", "-t", "60", "start"],
            check=True, stdout=subprocess.DEVNULL)
        self.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db="postgres")
        return self

    def version(self):
        return self.psql("SHOW server_version", db="postgres")

    def url(self, db, user="postgres"):
        return f"postgres://{user}@127.0.0.1:{self.port}/{db}"

    def psql(self, sql, db="cchc"):
        """Runs `sql` and returns its unaligned output (rows by newline, columns by |)."""
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
             "-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def create_database(self, db):
        self.psql(f'DROP DATABASE IF EXISTS "{db}"', db="postgres")
        self.psql(f'CREATE DATABASE "{db}"', db="postgres")
        self.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db=db)
        # The ceiling signs in as its own role, so pg_stat_statements tells its statements
        # from the product's (and from the product's background jobs while it idles).
        self.psql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ceiling')"
                  " THEN CREATE ROLE ceiling LOGIN SUPERUSER; END IF; END $$", db="postgres")

    def reset_statements(self, db="cchc"):
        self.psql("SELECT pg_stat_statements_reset()", db=db)

    def statements(self, user, db="cchc"):
        """Statements executed by `user` in `db` since the last reset (the reset itself and
        the benchmark's own queries left out)."""
        out = self.psql(
            "SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s"
            " JOIN pg_roles r ON r.oid = s.userid JOIN pg_database d ON d.oid = s.dbid"
            f" WHERE r.rolname = '{user}' AND d.datname = '{db}'"
            " AND s.query NOT ILIKE '%pg_stat_statements%'", db=db)
        return int(out or 0)

    def table_size(self, table, db="cchc"):
        return self.psql(f"SELECT pg_size_pretty(pg_total_relation_size('{table}'))", db=db)

    def stop(self):
        subprocess.run(
            self.as_postgres + [_find("pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline and os.path.exists(os.path.join(self.data, "postmaster.pid")):
            time.sleep(0.1)
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
