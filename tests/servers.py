"""HTTP servers for tests: the Oxigraph SPARQL server, and a scripted one that misbehaves.

:class:`OxigraphServer` runs the ``oxigraph`` binary of the ``oxigraph`` PyPI
package (installed next to the Python interpreter, or found on PATH) on
127.0.0.1 on a free port, with its database in a given folder. Tests skip with
a reason when the binary is missing (see :func:`require_oxigraph`).

:class:`ScriptedServer` answers every request with a :class:`Reply` a test
sets: a status, a body cut short, a wrong length, a delay. It records what it
was sent.
"""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "OxigraphServer",
    "Reply",
    "ScriptedServer",
    "free_port",
    "oxigraph_binary",
    "require_oxigraph",
]

_START_SECONDS = 30.0


def oxigraph_binary() -> Path | None:
    """Return the ``oxigraph`` server binary: beside this Python first, then on PATH."""
    beside = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    found = beside or shutil.which("oxigraph")
    return Path(found) if found else None


def require_oxigraph() -> Path:
    """Return the ``oxigraph`` binary, or skip the test that needs it."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is missing (pip install oxigraph)")
    return binary


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on (at the time of asking)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OxigraphServer:
    """The Oxigraph server on 127.0.0.1, started on a free port, stopped by :meth:`stop`.

    Args:
        location: The database folder (``--location``). Read-only mode needs
            a database there already (write one with ``pyoxigraph.Store``).
        read_only: Run ``serve-read-only`` instead of ``serve``.
        union_default_graph: Make the default graph the union of all graphs.
    """

    def __init__(
        self, location: Path, *, read_only: bool = False, union_default_graph: bool = True
    ) -> None:
        binary = require_oxigraph()
        self.location = location
        self.port = free_port()
        command = [
            str(binary),
            "serve-read-only" if read_only else "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        if union_default_graph:
            command.append("--union-default-graph")
        # A file, not a pipe: a server that logs much would fill a pipe and stall.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
        self._process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        """The SPARQL update endpoint."""
        return self.base + "/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return self.base + "/store"

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + _START_SECONDS
        probe = self.query_url + "?query=ASK%7B%7D"
        while True:
            if self._process.poll() is not None:
                self._log.seek(0)
                error = self._log.read().decode("utf-8", "replace").strip()
                raise RuntimeError(f"oxigraph exited with {self._process.returncode}: {error}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph did not answer on {self.base} within 30 s")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (terminate, then kill if it lingers) and wait for it."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()

    def __enter__(self) -> OxigraphServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Reply:
    """What :class:`ScriptedServer` answers.

    ``length`` is the Content-Length to announce; ``None`` sends none and
    closes the connection after the body, the way a server cut off by its
    own timeout ends an answer it has begun.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    length: int | None = None
    delay: float = 0.0


@dataclass(frozen=True)
class Received:
    """A request :class:`ScriptedServer` was sent."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _ScriptedHTTPServer
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        size = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(size) if size else b""
        self.server.received.append(
            Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        reply = self.server.reply
        time.sleep(reply.delay)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.length is not None:
            self.send_header("Content-Length", str(reply.length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = _answer  # noqa: N815 (http.server's names)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read :attr:`ScriptedServer.received` instead."""


class _ScriptedHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.reply = Reply()
        self.received: list[Received] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is expected: say nothing."""


class ScriptedServer:
    """An HTTP server on 127.0.0.1 that answers every request with :attr:`reply`."""

    def __init__(self) -> None:
        self._server = _ScriptedHTTPServer()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def reply(self) -> Reply:
        """The answer to every request."""
        return self._server.reply

    @reply.setter
    def reply(self, reply: Reply) -> None:
        self._server.reply = reply

    @property
    def received(self) -> list[Received]:
        """The requests received, in order."""
        return self._server.received

    def stop(self) -> None:
        """Stop serving and close the socket."""
        with contextlib.suppress(OSError):
            self._server.shutdown()
            self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
