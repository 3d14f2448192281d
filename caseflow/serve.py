"""``caseflow serve``: the app on waitress, a production WSGI server.

Waitress rather than gunicorn: it is pure Python (nothing to compile on an
offline intranet machine), runs on Windows as well as Linux — bureau servers are
often Windows — and is a thread-per-request server, which suits an app whose time
goes to the database. ``--threads`` sets the threads of a process; ``--workers``
above 1 forks that many processes sharing one listening socket (Linux/Unix), for
more than one core. Nothing in CaseFlow keeps state a process would have to share.

TLS is the reverse proxy's job (see the README's "Running it for a bureau");
``--trusted-proxy`` names the proxy whose X-Forwarded-* headers are believed.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time

import click

from caseflow.headers import HEADERS

DEFAULT_BIND = "127.0.0.1:8000"


def _split_bind(bind: str) -> tuple[str, int]:
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise click.BadParameter(f"{bind!r} is not HOST:PORT", param_hint="--bind")
    return host.strip("[]"), int(port)


def _listening_socket(bind: str) -> socket.socket:
    host, port = _split_bind(bind)
    family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {bind}: {exc.strerror}") from None
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


def _check_database(app) -> None:
    """Refuse to serve a database the code's migrations have not reached: an upgrade
    installed without ``caseflow init-db`` would fail on its first request."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from caseflow.db import sqlite_file
    from caseflow.migrate import alembic_config

    db = app.extensions["caseflow"].db
    db_file = sqlite_file(app.config["DATABASE_URL"])
    if db_file is not None and not db_file.exists():
        raise click.ClickException(f"no database at {db_file}: run `caseflow init-db` first")
    with db.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    db.dispose()  # each worker opens its own connections
    if current != head:
        raise click.ClickException(
            f"the database is at migration {current or 'none'}, this version needs {head}: "
            "run `caseflow init-db` first"
        )


def _serve(sock: socket.socket, threads: int, trusted_proxy: str | None) -> None:
    import waitress

    from caseflow import create_app

    # waitress's own Server line says what the app's does: a name, no version
    options = {"threads": threads, "ident": HEADERS["Server"], "sockets": [sock]}
    if trusted_proxy:
        options.update(
            trusted_proxy=trusted_proxy,
            trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
            clear_untrusted_proxy_headers=True,
        )
    waitress.serve(create_app(), **options)


def _supervise(sock, workers: int, threads: int, trusted_proxy: str | None) -> None:
    """Fork ``workers`` processes on one socket; start a new one when one dies."""
    children: set[int] = set()
    stopping = False

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                _serve(sock, threads, trusted_proxy)
            finally:
                os._exit(1)
        children.add(pid)

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        spawn()
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        children.discard(pid)
        if not stopping:
            click.echo(f"worker {pid} ended ({status}); starting another", err=True)
            time.sleep(1)  # a worker that dies at once must not spin the machine
            spawn()


@click.command("serve")
@click.option("--bind", default=DEFAULT_BIND, show_default=True, help="HOST:PORT to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes sharing the socket (above 1 needs Linux/Unix).",
)
@click.option(
    "--trusted-proxy",
    metavar="ADDRESS",
    help="The reverse proxy's address; its X-Forwarded-For/-Proto/-Host are believed.",
)
def serve_command(bind: str, threads: int, workers: int, trusted_proxy: str | None):
    """Serve CaseFlow on waitress, a production WSGI server."""
    from caseflow import create_app

    if workers > 1 and not hasattr(os, "fork"):
        raise click.ClickException(
            "--workers above 1 needs fork (Linux/Unix); on Windows raise --threads instead"
        )
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("waitress").setLevel(logging.INFO)
    app = create_app()  # fails here, once, on a broken workflow file or setting
    _check_database(app)
    sock = _listening_socket(bind)
    url = app.extensions["caseflow"].db.url.render_as_string(hide_password=True)
    click.echo(
        f"serving CaseFlow on http://{bind}/ ({workers} worker(s) x {threads} threads; "
        f"database {url})"
    )
    sys.stdout.flush()
    if workers == 1:
        _serve(sock, threads, trusted_proxy)
    else:
        _supervise(sock, workers, threads, trusted_proxy)
