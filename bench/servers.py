"""The servers the benchmarks over HTTP run against: PostgreSQL and Redis on 127.0.0.1
(throw-away databases; a Redis database of the benchmark's own for the cache) and
gunicorn as in production, started and stopped here."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRESQL = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"


def production_environment(database_url: str) -> dict[str, str]:
    """The variables of a server run as in production (``DEBUG`` off), on plain HTTP at
    127.0.0.1: no redirect to HTTPS, cookies without Secure, a fresh secret key."""
    return {
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + os.urandom(32).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def postgresql_unreachable() -> str:
    """Why PostgreSQL at 127.0.0.1:5432 cannot be used, or ``""``."""
    import psycopg

    try:
        psycopg.connect(f"{POSTGRESQL}/postgres", connect_timeout=3).close()
    except psycopg.Error as error:
        return f"PostgreSQL unreachable at 127.0.0.1:5432 ({str(error).strip().splitlines()[0]})"
    return ""


def create_database(name: str, *, template: str = "") -> None:
    """A new database ``name`` (dropped first if a run before left it), empty or a copy
    of ``template`` (which nobody may be connected to)."""
    import psycopg

    copy = f" TEMPLATE {template}" if template else ""
    with psycopg.connect(f"{POSTGRESQL}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}{copy}")


def drop_database(name: str) -> None:
    import psycopg

    try:
        with psycopg.connect(f"{POSTGRESQL}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    except psycopg.Error as error:
        print(f"could not drop the database {name}: {error}")


def close_django_connections() -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # Django never started: nothing to close
        pass


def redis_unreachable() -> str:
    """Why Redis at 127.0.0.1:6379 cannot be used, or ``""``."""
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis unreachable at 127.0.0.1:6379 ({error})"
    return ""


def empty_redis_databases(count: int) -> list[int]:
    """``count`` Redis database numbers that hold no keys now, the highest first: the
    benchmark's cache goes there, and clearing it (FLUSHDB) touches nobody else's."""
    import redis

    client = redis.Redis.from_url(REDIS, socket_connect_timeout=3)
    try:
        databases = int(client.config_get("databases").get("databases", 16))
    except redis.RedisError:  # CONFIG may be disabled: Redis's default
        databases = 16
    used = {int(name[2:]) for name in client.info("keyspace") if name.startswith("db")}
    free = [n for n in range(databases - 1, 0, -1) if n not in used]
    if len(free) < count:
        raise RuntimeError(f"Redis has fewer than {count} empty databases for the benchmark")
    return free[:count]


def flush_redis_database(number: int) -> None:
    import redis

    redis.Redis.from_url(f"{REDIS}/{number}", socket_connect_timeout=3).flushdb()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM should the benchmark die without cleaning up."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def start_gunicorn(environment: dict[str, str], *, workers: int, log: Path) -> dict:
    """gunicorn with ``workers`` sync workers on a free port of 127.0.0.1, in
    ``environment`` (added to this process's); returns once it answers."""
    import httpx

    port = free_port()
    output = open(log, "ab")  # noqa: SIM115 (closed in stop())
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "netwerkagenda.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--timeout=60",
            "--graceful-timeout=5",
        ],
        cwd=ROOT,
        env=os.environ | environment,
        stdout=output,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,  # no threads run yet
    )
    server = {"process": process, "log": output, "path": log, "base": f"http://127.0.0.1:{port}"}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{tail(server)}")
        try:
            if httpx.get(f"{server['base']}/inloggen/", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{tail(server)}")


def stop(server: dict) -> None:
    process = server["process"]
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    server["log"].close()


def tail(server: dict, lines: int = 20) -> str:
    if not server["log"].closed:  # the server may have been stopped already
        server["log"].flush()
    text = server["path"].read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def server_cpu(server: dict, database: str) -> tuple[float, float]:
    """CPU seconds used so far by gunicorn's workers and by the PostgreSQL backends of
    ``database`` (Linux ``/proc``; zeros elsewhere)."""
    master, tick = server["process"].pid, os.sysconf("SC_CLK_TCK")
    workers = backends = 0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        used = int(fields[11]) + int(fields[12])  # utime + stime
        if int(fields[1]) == master:
            workers += used
        elif cmdline.startswith(b"postgres: ") and f" {database} ".encode() in cmdline:
            backends += used
    return workers / tick, backends / tick
