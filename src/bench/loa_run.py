"""Runs Loa from its jar for the benchmark scripts: free ports, a fresh database, start, stop, a token."""
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.environ.get("LOA_JAR", os.path.join(ROOT, "target", "loa.jar"))
PG_URL = os.environ.get("BENCH_PG_URL", os.environ.get("CRASH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"))
PG_USER = os.environ.get("BENCH_PG_USER", os.environ.get("CRASH_PG_USER", "postgres"))


def ensure_jar():
    if not os.path.exists(JAR):
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql):
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", PG_USER, "-d", PG_URL.rsplit("/", 1)[1], "-c",
                    "SET client_min_messages = warning; " + sql], check=True)


class Site:
    """A temp dir with the project's feeds-config and a fresh database (H2 file or a PostgreSQL schema)."""

    def __init__(self, kind, prefix, **settings):
        self.workdir = tempfile.mkdtemp(prefix=prefix)
        shutil.copytree(os.path.join(ROOT, "feeds-config"), os.path.join(self.workdir, "feeds-config"))
        self.port = free_port()
        self.env = dict(os.environ, LOA_PORT=str(self.port), LOA_DEMO="false", LOA_ACCESS_LOG="false")
        self.env.update(settings)
        self.schema = None
        if kind == "h2":
            # As Loa's default: Loa itself adds what keeps every acknowledged write (see io.loa.db.EmbeddedH2).
            self.env["LOA_DB_URL"] = "jdbc:h2:file:%s/db/loa;AUTO_SERVER=TRUE" % self.workdir
        else:
            self.schema = prefix.replace("-", "_") + uuid.uuid4().hex
            psql("CREATE SCHEMA " + self.schema)
            self.env.update(LOA_DB_URL=PG_URL + "?currentSchema=" + self.schema, LOA_DB_USER=PG_USER)

    def token(self, name):
        return subprocess.run(["java", "-jar", JAR, "token", "create", "--name", name], env=self.env,
                              cwd=self.workdir, capture_output=True, text=True, check=True).stdout.strip()

    def remove(self):
        if self.schema:
            psql("DROP SCHEMA %s CASCADE" % self.schema)
        shutil.rmtree(self.workdir, ignore_errors=True)


class Loa:
    """One Loa process of a site, with its output in loa.log in the site's temp dir."""

    def __init__(self, site):
        self.site, self.proc = site, None

    def start(self):
        log = open(os.path.join(self.site.workdir, "loa.log"), "ab")
        self.proc = subprocess.Popen(["java", "-jar", JAR], env=self.site.env, cwd=self.site.workdir,
                                     stdout=log, stderr=log)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                sys.exit("Loa exited on start; see " + os.path.join(self.site.workdir, "loa.log"))
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.site.port, timeout=2)
                c.request("GET", "/ready")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        sys.exit("Loa did not become ready within 120 s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
