"""`balorg serve`: the wizard in a browser, through textual-serve (the optional extra ``balorg[web]``).

Each browser tab that opens the page gets its own `balorg` process (the same
options: ``--lang``, ``--data-dir``, ``--config-dir``) on the same drafts store,
driven through Textual's web driver: two tabs on one draft meet the wizard's
usual conflict choice, as two terminals would.

What is ours around textual-serve's :class:`~textual_serve.server.Server`, all
through its public methods and constructor arguments:

- the address is loopback unless ``--host`` says otherwise, and any other one is
  refused without ``--allow-remote`` (then a French warning says what it means);
- nothing the user types reaches the server's output: textual-serve's logging
  (rich tracebacks with their local variables, which hold the keys typed) is
  replaced by one line per warning without arguments or exception text, its
  access log is off, and each tab's standard error (where a crash's traceback
  would go, again with its locals) goes to a private file in the data folder;
- the page is textual-serve's own template with the Google Fonts link taken out
  (the font is served from textual-serve's static folder instead) and a
  Content-Security-Policy that lets it reach nothing but this server, its few
  words in French: a workaround, since the template is package data, not API;
- the page's websocket goes back to the address the page was loaded from, so an
  SSH tunnel on any local port works;
- Ctrl+C (or SIGTERM) asks every tab's wizard to quit, which saves its draft as
  on quit, and waits for them before the server ends.

This module imports neither textual nor textual-serve at start-up: only
:func:`run` does, so that ``balorg --help`` and the other commands stay fast.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.model.i18n import get_language, t

if TYPE_CHECKING:
    from textual_serve.server import Server

# Imported at every `balorg` start (the subcommands are registered then): nothing heavy at module
# level, asyncio, sockets and textual-serve come with `balorg serve` itself.

_TEXT = {
    "help": ("servir l'assistant dans un navigateur (chaque onglet a son assistant)",
             "serve the wizard in a browser (each tab has its own wizard)"),
    "bad_port": ("port invalide : {value} (un nombre de 1 à 65535, ou 0 pour un port libre)",
                 "invalid port: {value} (a number from 1 to 65535, or 0 for a free port)"),
    "port": ("port à écouter (par défaut : un port libre)", "port to listen on (default: a free port)"),
    "host": ("adresse à écouter (par défaut 127.0.0.1 : cette machine seulement)",
             "address to listen on (default 127.0.0.1: this machine only)"),
    "no_browser": ("ne pas ouvrir le navigateur", "do not open the browser"),
    "allow_remote": ("accepter une adresse autre que cette machine (voir l'avertissement)",
                     "accept an address other than this machine (see the warning)"),
    "missing": (
        "balorg serve a besoin du module textual-serve, qui n'est pas installé.\n"
        "Installez-le avec :  pip install 'balorg[web]'   (ou, dans le dossier du projet : make install)",
        "balorg serve needs the textual-serve module, which is not installed.\n"
        "Install it with:  pip install 'balorg[web]'   (or, in the project's folder: make install)",
    ),
    "remote.refused": (
        "balorg serve : refus d'écouter sur {host}, qui n'est pas cette machine seule.\n"
        "Quiconque atteint ce port ouvrirait l'assistant et tous les brouillons, sans mot de passe.\n"
        "Pour montrer l'assistant depuis une autre machine, préférez un tunnel SSH (voir ci-dessous) ;\n"
        "sinon, ajoutez --allow-remote si vous en mesurez les conséquences.\n\n{tunnel}",
        "balorg serve: refusing to listen on {host}, which is not this machine alone.\n"
        "Anyone who reaches this port would open the wizard and every draft, with no password.\n"
        "To show the wizard from another machine, prefer an SSH tunnel (see below);\n"
        "otherwise add --allow-remote if you accept the consequences.\n\n{tunnel}",
    ),
    "remote.warning": (
        "ATTENTION : balorg écoute sur {host}, pas seulement sur cette machine.\n"
        "Toute personne qui atteint le port {port} ouvre l'assistant et tous les brouillons de {data},\n"
        "sans mot de passe, et le trafic n'est pas chiffré (http).\n"
        "Plus sûr : écouter sur 127.0.0.1 (sans --host) et passer par un tunnel SSH.\n\n{tunnel}\n",
        "WARNING: balorg listens on {host}, not only on this machine.\n"
        "Anyone who reaches port {port} opens the wizard and every draft in {data},\n"
        "with no password, and the traffic is not encrypted (http).\n"
        "Safer: listen on 127.0.0.1 (no --host) and go through an SSH tunnel.\n\n{tunnel}\n",
    ),
    "tunnel": (
        "Tunnel SSH : sur cette machine, lancez « balorg serve --port 8000 » ; sur la machine du navigateur,\n"
        "  ssh -N -L 8000:127.0.0.1:8000 utilisateur@cette-machine\n"
        "puis ouvrez http://127.0.0.1:8000/ dans son navigateur (chiffré, et seuls les comptes SSH y accèdent).",
        "SSH tunnel: on this machine, run 'balorg serve --port 8000'; on the browser's machine,\n"
        "  ssh -N -L 8000:127.0.0.1:8000 user@this-machine\n"
        "then open http://127.0.0.1:8000/ in its browser (encrypted, and only SSH accounts get in).",
    ),
    "ready": (
        "balorg est servi sur {url}\n"
        "Chaque onglet ouvert sur cette adresse a son propre assistant, sur les brouillons de {data}.\n"
        "Les fichiers exportés et les documents sont écrits sur cette machine.\n"
        "Ctrl+C pour arrêter (chaque onglet enregistre son brouillon).",
        "balorg is served on {url}\n"
        "Each tab opened on this address has its own wizard, on the drafts in {data}.\n"
        "Exported files and documents are written on this machine.\n"
        "Ctrl+C to stop (each tab saves its draft).",
    ),
    "browser": ("Ouverture du navigateur…", "Opening the browser…"),
    "no_display": ("Pas d'écran graphique ici : ouvrez l'adresse dans un navigateur.",
                   "No graphical display here: open the address in a browser."),
    "stopped": ("balorg serve arrêté : les brouillons des onglets sont enregistrés.",
                "balorg serve stopped: the tabs' drafts are saved."),
    "port_taken": ("balorg serve : impossible d'écouter sur {host} port {port} ({reason}).",
                   "balorg serve: cannot listen on {host} port {port} ({reason})."),
    "page.start": ("Démarrer", "Start"),
    "page.ended": ("Session terminée : le brouillon est enregistré.", "Session ended: the draft is saved."),
    "page.restart": ("Recommencer", "Restart"),
    "log": ("balorg serve : {level} ({name}) {text}", "balorg serve: {level} ({name}) {text}"),
}

ERRORS_FILE = "serve-errors.log"
"""Where each tab's standard error goes, in the data folder (0600): a crash's traceback, never the server's output."""

SHUTDOWN_WAIT = 30.0
"""Seconds the server waits, on Ctrl+C, for every tab's wizard to save and end."""

_SAFE_HOST_HEADER = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `serve` subcommand."""
    parser = subparsers.add_parser("serve", help=t(_TEXT, "help"), description=t(_TEXT, "help"))
    parser.add_argument("--port", type=_port, default=0, metavar="N", help=t(_TEXT, "port"))
    parser.add_argument("--host", default="127.0.0.1", metavar="H", help=t(_TEXT, "host"))
    parser.add_argument("--no-browser", action="store_true", help=t(_TEXT, "no_browser"))
    parser.add_argument("--allow-remote", action="store_true", help=t(_TEXT, "allow_remote"))
    parser.set_defaults(func=run)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(t(_TEXT, "bad_port", value=text))
    return value


def is_loopback(host: str) -> bool:
    """True for this machine alone: ``localhost`` or a loopback address (127.0.0.0/8, ::1)."""
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve anywhere


def split_host(host_header: str) -> str:
    """The name or address of a ``Host`` header, without its port (``[::1]:8000`` → ``::1``)."""
    value = host_header.strip()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def same_origin(host_header: str, origin: str | None, *, remote: bool) -> bool:
    """Whether a websocket may open a wizard: from the page this server gave, at an address of this machine.

    Browsers let any site open a websocket to 127.0.0.1 (no same-origin rule for them), and a site
    whose name is re-pointed at 127.0.0.1 (DNS rebinding) reaches the port under its own name:
    either would drive a wizard and read the drafts. So the page's ``Origin`` must be this very
    server (the ``Host`` the browser was sent to), and, unless ``--allow-remote``, that ``Host``
    must name this machine (loopback, any port: an SSH tunnel's own).
    """
    if not remote and not is_loopback(split_host(host_header)):
        return False
    return origin is not None and origin.lower() in (f"http://{host_header}".lower(), f"https://{host_header}".lower())


def url_for(host: str, port: int) -> str:
    """The page's address; an IPv6 address in brackets, the unspecified ones as this machine's loopback."""
    bare = host.strip("[]")
    if bare in ("0.0.0.0", ""):
        bare = "127.0.0.1"
    elif bare == "::":
        bare = "::1"
    return f"http://[{bare}]:{port}/" if ":" in bare else f"http://{bare}:{port}/"


def free_port(host: str) -> int:
    """A port free on `host` now (the system's choice): `balorg serve` without ``--port``."""
    import socket

    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host.strip("[]") if host != "localhost" else "127.0.0.1", 0))
        return int(probe.getsockname()[1])


def quote_command(argv: Sequence[str]) -> str:
    """`argv` as one command line for the system's shell (textual-serve starts each tab through it)."""
    if os.name == "nt":
        import subprocess

        return subprocess.list2cmdline(list(argv))
    import shlex

    return shlex.join(argv)


def tab_command(args: argparse.Namespace) -> str:
    """The command each tab runs: this Python, the wizard, the same options, its errors kept private."""
    argv = [sys.executable, "-m", "wizard.commands.serve"]
    if args.lang:
        argv += ["--lang", args.lang]
    if args.data_dir:
        argv += ["--data-dir", str(Path(args.data_dir).expanduser().resolve())]
    if args.config_dir:
        argv += ["--config-dir", str(Path(args.config_dir).expanduser().resolve())]
    return quote_command(argv)


def has_display() -> bool:
    """Whether a graphical browser can open: always on Windows and macOS, else with X11 or Wayland."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def page_template(original: str) -> str:
    """textual-serve's page without anything fetched from elsewhere, in the language in force.

    The Google Fonts stylesheet goes (the font is in textual-serve's static folder), and a
    Content-Security-Policy forbids any other origin: the page talks to this server only.
    """
    page = re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", "", original, flags=re.DOTALL)
    head = (
        '<head>\n    <meta charset="utf-8" />\n'
        "    <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self' 'unsafe-inline' 'unsafe-eval' "
        "blob: data:; connect-src 'self' ws: wss:\" />\n"
        "    <title>{{ application.name }}</title>\n"
        "    <style>@font-face { font-family: 'Roboto Mono'; font-weight: 100 900; "
        "src: url(\"{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf\") format(\"truetype\"); }</style>"
    )
    page = page.replace("<head>", head, 1)
    page = page.replace("<html>", f'<html lang="{get_language()}">', 1)
    page = page.replace(">Start<", f">{t(_TEXT, 'page.start')}<")
    page = page.replace("Session ended.", t(_TEXT, "page.ended"))
    return page.replace(">Restart<", f">{t(_TEXT, 'page.restart')}<")


def write_page(folder: Path) -> None:
    """Write the page (:func:`page_template` of textual-serve's own) into `folder`, for ``templates_path``."""
    from importlib.resources import files

    original = (files("textual_serve") / "templates" / "app_index.html").read_text(encoding="utf-8")
    (folder / "app_index.html").write_text(page_template(original), encoding="utf-8", newline="\n")


def make_server(command: str, host: str, port: int, *, templates: Path, title: str = "balorg",
                on_ready: Callable[[], Any] | None = None, remote: bool = False) -> Server:
    """textual-serve's server for `command`, with our logging, page, readiness and shutdown (see the module).

    Args:
        command: the shell command each tab runs.
        host: the address to listen on.
        port: the port (not 0: :func:`free_port` chooses one first).
        templates: a folder holding our ``app_index.html`` (:func:`write_page`).
        title: the page's name.
        on_ready: called once the port accepts connections.
        remote: ``--allow-remote``: pages reached under any name are served (see :func:`same_origin`).
    """
    import asyncio
    import logging

    from aiohttp import web
    from textual_serve.server import Server

    class _Quiet(logging.Formatter):
        """One line per record: its level, its logger and its fixed text; never arguments nor exception text."""

        def format(self, record: logging.LogRecord) -> str:
            text = record.msg if isinstance(record.msg, str) and not record.args else ""
            if record.exc_info and record.exc_info[0] is not None:
                text = f"{text} [{record.exc_info[0].__name__}]".strip()
            return t(_TEXT, "log", level=record.levelname.lower(), name=record.name, text=text)

    class BalorgServer(Server):
        """textual-serve's Server, quiet about what is typed, and stopping each tab's wizard cleanly."""

        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title=title, templates_path=templates)
            self.tabs: set[asyncio.Task[Any]] = set()
            self.background: set[asyncio.Task[Any]] = set()

        def initialize_logging(self) -> None:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(_Quiet())
            for name in ("textual-serve", "aiohttp"):
                logger = logging.getLogger(name)
                logger.handlers[:] = [handler]
                logger.setLevel(logging.WARNING)
                logger.propagate = False

        async def on_startup(self, app: web.Application) -> None:
            task = asyncio.get_running_loop().create_task(self.announce())
            self.background.add(task)
            task.add_done_callback(self.background.discard)

        async def announce(self) -> None:
            """Call `on_ready` once the port accepts a connection (aiohttp binds it after start-up)."""
            target = url_for(host, port)
            address = target.split("//", 1)[1].rsplit(":", 1)[0].strip("[]")
            for _ in range(600):
                try:
                    _, writer = await asyncio.open_connection(address, port)
                except OSError:
                    await asyncio.sleep(0.05)
                    continue
                writer.close()
                break
            if on_ready is not None:
                await asyncio.get_running_loop().run_in_executor(None, on_ready)

        async def on_shutdown(self, app: web.Application) -> None:
            # Cancelling a tab's handler makes textual-serve send its wizard "quit": it saves, then ends.
            for task in self.tabs:
                task.cancel()
            if self.tabs:
                await asyncio.wait(set(self.tabs), timeout=SHUTDOWN_WAIT)

        async def handle_index(self, request: web.Request) -> Any:
            if not remote and not is_loopback(split_host(request.host)):
                raise web.HTTPForbidden()  # a name re-pointed at this machine (DNS rebinding)
            # The page's websocket goes back where the page came from (an SSH tunnel's own port).
            if _SAFE_HOST_HEADER.match(request.host):
                self.public_url = f"http://{request.host}"
            return await super().handle_index(request)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if not same_origin(request.host, request.headers.get("Origin"), remote=remote):
                raise web.HTTPForbidden()  # another site's page, or a name re-pointed here
            task = asyncio.current_task()
            if task is not None:
                self.tabs.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                if task is not None:
                    self.tabs.discard(task)

    return BalorgServer()


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    """Serve the wizard until Ctrl+C; 2 when refused (a remote address, textual-serve missing)."""
    import tempfile

    from wizard.paths import data_dir

    host = args.host.strip()
    if not is_loopback(host) and not args.allow_remote:
        sys.stderr.write(t(_TEXT, "remote.refused", host=host, tunnel=t(_TEXT, "tunnel")) + "\n")
        return 2
    try:
        import textual_serve.server  # noqa: F401  (the extra balorg[web])
    except ImportError:
        sys.stderr.write(t(_TEXT, "missing") + "\n")
        return 2
    try:
        port = args.port or free_port(host)
    except OSError as error:
        sys.stderr.write(t(_TEXT, "port_taken", host=host, port=args.port, reason=error.strerror or error) + "\n")
        return 1
    url = url_for(host, port)
    data = data_dir()
    if not is_loopback(host):
        sys.stderr.write(t(_TEXT, "remote.warning", host=host, port=port, data=data, tunnel=t(_TEXT, "tunnel")) + "\n")

    def ready() -> None:
        _say(t(_TEXT, "ready", url=url, data=data))
        if args.no_browser:
            return
        if not has_display():
            _say(t(_TEXT, "no_display"))
            return
        import webbrowser

        _say(t(_TEXT, "browser"))
        webbrowser.open(url, new=2)

    with tempfile.TemporaryDirectory(prefix="balorg-serve-") as folder:
        write_page(Path(folder))
        server = make_server(tab_command(args), host, port, templates=Path(folder), on_ready=ready,
                             remote=not is_loopback(host))
        try:
            server.serve()
        except OSError as error:
            sys.stderr.write(t(_TEXT, "port_taken", host=host, port=port, reason=error.strerror or error) + "\n")
            return 1
    _say(t(_TEXT, "stopped"))
    return 0


def _tab_main(argv: list[str]) -> int:
    """One tab's wizard: `balorg` with `argv`, its standard error in a private file of the data folder.

    Textual prints a crash's traceback with its local variables (what was typed) on standard
    error, which textual-serve copies to the server's output: it goes to :data:`ERRORS_FILE` instead.
    """
    from wizard import paths

    if "--data-dir" in argv:
        paths.set_data_dir(argv[argv.index("--data-dir") + 1])
    folder = paths.data_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(folder / ERRORS_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 2)
    os.close(fd)
    paths.set_data_dir(None)
    from wizard.cli import main

    return main(argv)


if __name__ == "__main__":
    raise SystemExit(_tab_main(sys.argv[1:]))
