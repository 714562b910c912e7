"""A throwaway PostgreSQL server for the database tests (and the load benchmark).

The server is Debian's ``postgresql`` package (``.ci/run`` installs it when
missing): ``initdb`` into a temporary directory, ``pg_ctl start`` on a free
port of 127.0.0.1 with its socket in that directory, ``pg_ctl stop`` at the
end.  PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` user the package creates.  Without the binaries the PostgreSQL
tests are skipped locally but fail when ``CI`` is set: CI must not silently
test SQLite only.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVER_USER = "postgres"
DB_USER = "factpipe"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries (or driver) on this machine."""


def find_bindir() -> Path:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``: Debian's newest, else PATH."""
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True):
        if all((Path(bindir) / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(bindir)
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl and shutil.which("initdb"):
        return Path(pg_ctl).resolve().parent
    raise PostgresUnavailable("PostgreSQL server binaries not found (apt-get install postgresql)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        raise PostgresUnavailable("running as root and runuser is missing: cannot start PostgreSQL as a non-root user")
    return [runuser, "-u", SERVER_USER, "--", *cmd]


def _run(cmd: list[str], log: Path | None = None) -> None:
    proc = subprocess.run(_as_server_user(cmd), capture_output=True, text=True)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}\n{tail}")


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a private PostgreSQL server; yield its SQLAlchemy URL; stop it and delete its files."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise PostgresUnavailable("psycopg is not installed (pip install -e '.[postgres]')") from None
    bindir = find_bindir()
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise PostgresUnavailable(f"running as root and there is no {SERVER_USER!r} user to run the server") from None
    root = Path(tempfile.mkdtemp(prefix="factpipe-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVER_USER)
    started = False
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-U", DB_USER, "--auth=trust", "-E", "UTF8", "--no-locale"])
        port = _free_port()
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"], log)
        started = True
        yield f"postgresql+psycopg://{DB_USER}@127.0.0.1:{port}/postgres"
    finally:
        if started:
            with contextlib.suppress(RuntimeError):
                _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], log)
        shutil.rmtree(root, ignore_errors=True)


def unavailable(reason: str) -> None:
    """Skip locally; fail under CI, where the server must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but PostgreSQL is unavailable: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL unavailable: {reason}")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL server started for this test session."""
    try:
        with throwaway_postgres() as url:
            yield url
    except PostgresUnavailable as exc:
        unavailable(str(exc))
