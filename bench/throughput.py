"""Throughput of the search page as deployed: gunicorn (2 sync workers), the production
settings and collected static files, driven by wrk from Debian (`apt-get install wrk`).

Run on a database that already holds posts (the one bench/search.py has just built, through
its environment): the trivial view /sante/ is measured first, then the search page over the
given searches in turn, signed in as the bench's probation officer; the result is the ratio of
the two throughputs in the same run, which a busy machine changes less than either figure.

`measure(paths, officer)` returns the figures; `python -m bench.throughput` measures the
database of the environment (DATABASE_URL or SQLITE_PATH) with 200 searches around random
communes.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 10
CONNECTIONS = 4
LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def _wrk(url: str, cookie: str, paths: list[str], work: Path) -> float:
    """Requests per second over SECONDS, cycling through paths."""
    listing = work / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = work / "paths.lua"
    script.write_text(LUA % listing)
    command = [
        "wrk",
        f"-t{1}",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS}s",
        "-s",
        str(script),
        "-H",
        f"Cookie: sessionid={cookie}",
        "-H",
        "Accept-Encoding: gzip",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk : des réponses en erreur\n{output}")
    line = next(line for line in output.splitlines() if line.startswith("Requests/sec:"))
    return float(line.split()[1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(paths: list[str], officer, conn_max_age: int | None = None) -> dict:
    """Throughput of /sante/ and of the search pages (paths), under gunicorn, production
    settings, the database of the current environment."""
    if shutil.which("wrk") is None:
        return {"throughput": "wrk absent (apt-get install wrk) : débit non mesuré"}
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import override_settings

    # The officer's session, signed with the server's key.
    secret_key = secrets.token_urlsafe(60)
    with override_settings(SECRET_KEY=secret_key):
        session = SessionStore()
        session[SESSION_KEY] = str(officer.pk)
        session[BACKEND_SESSION_KEY] = "tig.accounts.backends.EmailBackend"
        session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
        session.create()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "TIG_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": secret_key,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(work / "static"),
            "ASSETS_ROOT": str(work / "assets"),
            "MAP_TILE_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        if conn_max_age is not None:
            env["DB_CONN_MAX_AGE"] = str(conn_max_age)
        python = sys.executable
        subprocess.run([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        gunicorn = Path(python).with_name("gunicorn")
        port = _free_port()
        server = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                if server.poll() is not None:
                    raise SystemExit("gunicorn s'est arrêté au démarrage")
                try:
                    urllib.request.urlopen(f"{base}/sante/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            request = urllib.request.Request(
                f"{base}{paths[0]}", headers={"Cookie": f"sessionid={session.session_key}"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                page = response.read().decode()
                if response.status != 200 or "titre-resultats" not in page:
                    raise SystemExit(
                        f"la page de recherche ne répond pas comme attendu : {response.url}\n{page[:2000]}"
                    )
            _wrk(base, session.session_key, ["/sante/"], work)  # warm-up
            health = _wrk(base, session.session_key, ["/sante/"], work)
            _wrk(base, session.session_key, paths[:20], work)
            search = _wrk(base, session.session_key, paths, work)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return {
        "throughput_health_rps": round(health),
        "throughput_search_rps": round(search),
        "throughput_ratio": round(search / health, 3),
        "throughput_setup": f"gunicorn 2 workers sync, wrk {CONNECTIONS} connexions, {SECONDS} s",
    }


def main() -> None:
    import random
    from urllib.parse import urlencode

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench.common import bench_officer
    from bench.search import FILTERS
    from tig.territories.models import Commune

    rng = random.Random(2019)
    communes = list(Commune.objects.filter(lat__isnull=False, population__gt=0).exclude(kind="arrondissement"))
    paths = [
        "/postes/?" + urlencode({"lieu": c.label, "rayon": 30, **rng.choice(FILTERS)})
        for c in rng.sample(sorted(communes, key=lambda c: c.code), 200)
    ]
    for age in (0, 60):
        print(f"CONN_MAX_AGE={age}", measure(paths, bench_officer(), conn_max_age=age))


if __name__ == "__main__":
    main()
