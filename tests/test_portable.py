"""Windows and macOS as well as Linux: nothing POSIX-only on an import path, paths and text the same everywhere.

There is no Windows machine here: the main test runs balorg in a subprocess
made to look like Windows where balorg's own code could notice (no ``fcntl``,
no ``os.getuid``/``os.geteuid``, no ``signal.SIGHUP``, no ``os.pread``, no
``os.fchmod``, no ``O_CLOEXEC``), imports every module of the package there,
and runs the store's and the command line's main paths in-process. The
libraries that pick their own platform branch at import (portalocker: flock
here, LockFileEx on Windows; platformdirs) are imported before the POSIX
calls are taken away: their Windows branches are their maintainers' to test.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from tests.conftest import EXAMPLES, REPO
from tests.store_helpers import open_store, request, store_root

WINDOWS_LIKE = r'''
import os, signal, sys
import portalocker, platformdirs, platformdirs.unix  # noqa: F401 - their platform branch, chosen at import
sys.modules["fcntl"] = None  # "import fcntl" now raises ImportError, as on Windows
for name in ("getuid", "geteuid", "getgid", "getegid", "pread", "pwrite", "fchmod", "O_CLOEXEC"):
    if hasattr(os, name):
        delattr(os, name)
del signal.SIGHUP
'''

SCENARIO = r'''
import asyncio, contextlib, importlib, io, json, pkgutil, signal, sys
from pathlib import Path

import wizard

results = {}
failed = []
for info in pkgutil.walk_packages(wizard.__path__, "wizard."):
    if info.name == "wizard.__main__":
        continue  # running it is `balorg` itself, below
    try:
        importlib.import_module(info.name)
    except Exception as exc:  # noqa: BLE001 - every failure is listed
        failed.append(f"{info.name}: {exc!r}")
results["modules"] = len(list(pkgutil.walk_packages(wizard.__path__, "wizard.")))
results["import_failures"] = failed
results["fcntl_loaded"] = sys.modules.get("fcntl") is not None

print(json.dumps(results), flush=True)  # what the imports say, whatever follows

import wizard.fileio
from wizard.cli import main
from wizard.model.request import Request
from wizard.store.drafts import autosave
from wizard.store.drafts import DraftStore

results["posix_modes"] = getattr(wizard.fileio, "POSIX_MODES", None)
results["signals"] = [signal.Signals(s).name for s in autosave.TERMINATION_SIGNALS]

examples = Path(sys.argv[1])
example = json.loads((examples / "cas1-cabinet-infirmier.json").read_text(encoding="utf-8"))
for key in ("exported_at", "generator"):
    example.pop(key, None)

# The store: create, save, list, a second "process" (another store object) sees it, a stale save is a conflict.
store = DraftStore()
draft = store.create(Request.from_data(example))
draft.request.structure.name = "Cabinet infirmier de l'Île"
store.save(draft)
other = DraftStore()
listed = other.list()
results["listed"] = [(d.id, d.structure) for d in listed]
theirs = other.load(draft.id)
theirs.request.structure.name = "Changé ailleurs"
other.save(theirs)
draft.request.structure.name = "Changé ici"
try:
    store.save(draft)
    results["conflict"] = False
except Exception as exc:  # noqa: BLE001
    results["conflict"] = type(exc).__name__
other.close()

def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()

results["validate"] = run("validate", str(examples / "cas1-cabinet-infirmier.json"))[0]
code, out, err = run("drafts", "import", str(examples / "cas2-cabinet-medical.json"))
results["import"] = code
imported = out.strip().splitlines()[-1]
code, out, err = run("drafts", "--json")
results["drafts_json"] = (code, len(json.loads(out)))
target = Path("sortie") / "demande.json"
target.parent.mkdir()
results["export"] = run("export", imported, "-o", str(target))[:1] + (target.is_file(),)
results["export_default"] = run("export", draft.id)[0]
results["created"] = draft.request.created_at
written = sorted(str(p) for p in Path(".").glob("bal-org-*.json"))
results["default_names"] = written
results["crlf"] = [str(p) for p in [target, *map(Path, written)] if b"\r\n" in p.read_bytes()]
code, out, err = run("documents", imported, "-o", "docs")
results["documents"] = (code, sorted(p.name for p in Path("docs").iterdir()))

# A rescue copy when the store refuses: the user's own folder, found without a user id.
results["rescue"] = str(autosave.rescue(draft, draft.request.to_data()))

# Signals where the loop cannot watch them (Windows' proactor loop): a plain handler hands them over.
async def signalled():
    loop = asyncio.get_running_loop()
    def refuse(*args):
        raise NotImplementedError
    loop.add_signal_handler = refuse
    saver = autosave.AutoSaver(store, quiet=3600, max_delay=3600)
    done = asyncio.Event()
    got = []
    restore = autosave.install_signal_handlers(saver, on_signal=lambda signum: (got.append(signum), done.set()), loop=loop)
    fresh = store.create(Request.from_data(example))  # the others are exported: read-only
    fresh.request.structure.name = "Tapé avant le signal"
    saver.schedule(fresh)
    signal.raise_signal(signal.SIGTERM)
    await asyncio.wait_for(done.wait(), 10)
    restore()
    saver.close()
    return got == [signal.SIGTERM] and DraftStore().load(fresh.id).request.structure.name == "Tapé avant le signal"

results["signal_in_loop"] = asyncio.run(signalled())
store.close()
print(json.dumps(results))
'''


def _windows_like(tmp_path: Path) -> dict:
    env = dict(os.environ, HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               BALORG_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(REPO))
    work = tmp_path / "work"
    work.mkdir()
    run = subprocess.run([sys.executable, "-c", WINDOWS_LIKE + SCENARIO, str(EXAMPLES)], capture_output=True,
                         text=True, cwd=work, env=env, timeout=300, check=False)
    lines = run.stdout.strip().splitlines()
    imported = json.loads(lines[0]) if lines else {}
    assert imported.get("import_failures") == [], imported.get("import_failures", run.stderr[-4000:])
    assert run.returncode == 0, run.stderr[-4000:]
    return json.loads(lines[-1])


def test_every_module_imports_and_the_main_paths_run_without_posix_calls(tmp_path: Path) -> None:
    results = _windows_like(tmp_path)
    assert results["modules"] > 50
    assert not results["fcntl_loaded"] and results["posix_modes"] is False
    assert results["signals"] == ["SIGTERM", "SIGINT"]  # no SIGHUP there (Windows adds SIGBREAK)
    assert len(results["listed"]) == 1 and results["listed"][0][1] == "Cabinet infirmier de l'Île"
    assert results["conflict"] == "ConflictError"  # revisions checked across stores
    assert results["validate"] == 0 and results["import"] == 0 and results["drafts_json"] == [0, 2]
    assert results["export"] == [0, True]
    assert results["export_default"] == 0  # no -o: a file named after the structure, in the current folder
    assert results["default_names"] == [f"bal-org-change-ailleurs-{results['created'][:10]}.json"]
    assert results["crlf"] == []
    code, names = results["documents"]
    assert code == 0 and names and all("/" not in n and "\\" not in n for n in names)
    rescue = Path(results["rescue"])
    assert rescue.is_file() and rescue.is_relative_to(tmp_path / "cache")  # platformdirs' cache, not a shared /tmp
    assert results["signal_in_loop"] is True


# -- the real platform (Linux here): the same guarantees through the cross-platform lock ---------------


def test_the_store_locks_through_portalocker() -> None:
    import portalocker

    from wizard.store.drafts.journal import FileLock

    calls: list[str] = []
    real_lock = portalocker.lock

    def spy(file, flags):  # type: ignore[no-untyped-def]
        calls.append("shared" if flags & portalocker.LockFlags.SHARED else "exclusive")
        return real_lock(file, flags)

    store = open_store()
    draft = store.create(request(2))
    lock = FileLock(store_root() / "lock")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(portalocker, "lock", spy)
            open_store().list()
            other = open_store()
            other.save(other.load(draft.id))
            with lock.hold(exclusive=False), lock.hold(exclusive=False):  # re-entrant: one system lock
                assert lock.depth == 2 and not lock.exclusive
        assert "shared" in calls and "exclusive" in calls
        assert calls[-1] == "shared"  # the nested hold took no second lock
    finally:
        lock.close()


def test_a_shared_hold_excludes_writers_of_another_process_and_readers_share() -> None:
    from wizard.store.drafts.journal import FileLock, LockTimeout

    store_root().mkdir(parents=True, exist_ok=True)
    path = store_root() / "lock"
    holder = (
        "import sys\nfrom pathlib import Path\nfrom wizard.store.drafts.journal import FileLock\n"
        "lock = FileLock(Path(sys.argv[1]))\nwith lock.hold(exclusive=False):\n"
        "    print('held', flush=True)\n    sys.stdin.readline()\n"
    )
    child = subprocess.Popen([sys.executable, "-c", holder, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, cwd=REPO)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        lock = FileLock(path, timeout=0.3)
        with lock.hold(exclusive=False):
            pass  # readers share
        started = time.monotonic()
        with pytest.raises(LockTimeout), lock.hold(exclusive=True):
            pass
        assert time.monotonic() - started >= 0.3
        lock.close()
    finally:
        assert child.stdin is not None
        child.stdin.write("\n")
        child.stdin.close()
        child.wait(timeout=30)
    lock = FileLock(path, timeout=5)
    with lock.hold(exclusive=True):  # released with the process
        assert lock.exclusive
    lock.close()


def test_windows_without_pywin32_takes_shared_holds_exclusively(monkeypatch: pytest.MonkeyPatch) -> None:
    """portalocker raises ImportError for a shared lock on Windows without pywin32: exclusive instead."""
    import portalocker

    from wizard.store.drafts.journal import FileLock

    real_lock = portalocker.lock
    asked: list[int] = []

    def no_shared(file, flags):  # type: ignore[no-untyped-def]
        asked.append(int(flags))
        if flags & portalocker.LockFlags.SHARED:
            raise ImportError("Shared locks on Windows require the win32 extra (pywin32)")
        return real_lock(file, flags)

    monkeypatch.setattr(portalocker, "lock", no_shared)
    store_root().mkdir(parents=True, exist_ok=True)
    lock = FileLock(store_root() / "lock")
    with lock.hold(exclusive=False):
        assert lock.depth == 1 and not lock.exclusive  # what the caller asked for, as far as it knows
    with lock.hold(exclusive=False):
        pass
    lock.close()
    shared, exclusive = int(portalocker.LockFlags.SHARED), int(portalocker.LockFlags.EXCLUSIVE)
    assert [bool(f & shared) for f in asked] == [True, False, False]  # asked once, then exclusive at once
    assert all(f & exclusive for f in asked[1:])
    store = open_store()  # the whole store works that way
    draft = store.create(request(2))
    assert open_store().load(draft.id).id == draft.id


def test_a_locking_failure_is_an_oserror_the_store_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import portalocker

    from wizard.store.drafts.journal import FileLock

    def broken(file, flags):  # type: ignore[no-untyped-def]
        raise portalocker.LockException(OSError(errno.ENOLCK, "No locks available")) from OSError(errno.ENOLCK, "x")

    monkeypatch.setattr(portalocker, "lock", broken)
    store_root().mkdir(parents=True, exist_ok=True)
    lock = FileLock(store_root() / "lock")
    with pytest.raises(OSError) as failed, lock.hold(exclusive=True):
        pass
    assert failed.value.errno == errno.ENOLCK and lock.depth == 0
    lock.close()


def test_termination_signals_are_the_platforms() -> None:
    from wizard.store.drafts import autosave

    assert autosave.termination_signals() == autosave.TERMINATION_SIGNALS
    assert autosave.install_signal_handlers.__defaults__ == (None, autosave.TERMINATION_SIGNALS)
    expected = [signal.SIGTERM, signal.SIGINT]
    expected += [signal.SIGHUP] if hasattr(signal, "SIGHUP") else []
    expected += [signal.SIGBREAK] if hasattr(signal, "SIGBREAK") else []  # type: ignore[attr-defined]
    assert sorted(autosave.TERMINATION_SIGNALS) == sorted(expected)


def test_signal_handlers_fall_back_to_plain_handlers_where_the_loop_has_none() -> None:
    """Windows' proactor loop raises NotImplementedError: the signal still flushes, inside the loop."""
    from wizard.store.drafts import autosave

    store = open_store()
    draft = store.create(request(2))
    seen: list[tuple[int, bool]] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()

        def refuse(*args: object) -> None:
            raise NotImplementedError

        loop.add_signal_handler = refuse  # type: ignore[method-assign]
        saver = autosave.AutoSaver(store, quiet=3600, max_delay=3600)
        done = asyncio.Event()
        restore = autosave.install_signal_handlers(
            saver, on_signal=lambda signum: (seen.append((signum, threading.current_thread() is threading.main_thread())),
                                             done.set()),
            signals=(signal.SIGUSR1,), loop=loop)
        try:
            draft.request.structure.name = "Sauvé par le signal"
            saver.schedule(draft)
            signal.raise_signal(signal.SIGUSR1)
            await asyncio.wait_for(done.wait(), 10)
        finally:
            restore()
            saver.close()

    previous = signal.getsignal(signal.SIGUSR1)
    asyncio.run(main())
    assert signal.getsignal(signal.SIGUSR1) == previous
    assert seen == [(signal.SIGUSR1, True)]
    assert open_store().load(draft.id).request.structure.name == "Sauvé par le signal"


# -- paths -------------------------------------------------------------------------------------------


class _WindowsPath(PureWindowsPath):
    """A Windows path as the code would handle it there (Path's own operations; the disk untouched)."""

    home_folder = r"C:\Users\marie"

    def expanduser(self) -> _WindowsPath:
        return _WindowsPath(self.home_folder, *self.parts[1:]) if self.parts[:1] == ("~",) else self

    def resolve(self) -> _WindowsPath:
        return self

    @classmethod
    def home(cls) -> _WindowsPath:
        return cls(cls.home_folder)


def test_data_folder_from_balorg_data_dir_with_a_drive_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    from wizard import paths

    monkeypatch.setattr(paths, "Path", _WindowsPath)
    monkeypatch.setenv("BALORG_DATA_DIR", "C:\\Users\\marie\\Données balorg")
    folder = paths.data_dir()
    assert folder == PureWindowsPath(r"C:\Users\marie\Données balorg") and folder.drive == "C:"
    assert str(folder / "drafts" / "lock") == r"C:\Users\marie\Données balorg\drafts\lock"
    paths.set_data_dir("D:/balorg/données")  # --data-dir with forward slashes: Windows takes both
    assert str(paths.data_dir()) == r"D:\balorg\données"
    paths.set_data_dir(r"~\balorg")
    assert str(paths.data_dir()) == r"C:\Users\marie\balorg"


@pytest.mark.parametrize(
    ("temp", "expected"),
    [
        (r"C:\Users\marie\AppData\Local\Temp",  # Windows' default: in the profile
         [r"C:\Users\marie\AppData\Local\Temp\balorg-rescue-Marie_Dupont", r"C:\Users\marie\AppData\Local\balorg\Cache\rescue"]),
        (r"C:\Temp", [r"C:\Users\marie\AppData\Local\balorg\Cache\rescue"]),  # a shared folder: never used
    ],
    ids=["profile-temp", "shared-temp"],
)
def test_rescue_folders_without_user_ids_are_the_users_own(monkeypatch: pytest.MonkeyPatch, temp: str,
                                                           expected: list[str]) -> None:
    import platformdirs

    from wizard.store.drafts import autosave

    monkeypatch.delattr(os, "getuid")
    monkeypatch.setattr(autosave, "Path", _WindowsPath)
    monkeypatch.setattr(autosave.tempfile, "gettempdir", lambda: temp)
    monkeypatch.setattr(autosave.getpass, "getuser", lambda: "Marie Dupont")
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: r"C:\Users\marie\AppData\Local\balorg\Cache")
    assert [str(p) for p in autosave.rescue_folders()] == expected


def test_rescue_folder_on_posix_is_ours_and_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wizard.store.drafts import autosave

    monkeypatch.setattr(autosave.tempfile, "gettempdir", lambda: str(tmp_path))
    assert autosave.rescue_folders() == [tmp_path / f"balorg-rescue-{os.getuid()}"]
    store = open_store()
    draft = store.create(request(2))
    (tmp_path / f"balorg-rescue-{os.getuid()}").mkdir(mode=0o755)
    os.chmod(tmp_path / f"balorg-rescue-{os.getuid()}", 0o755)
    assert autosave.rescue(draft, draft.request.to_data()) is None  # open to others: not used
    os.chmod(tmp_path / f"balorg-rescue-{os.getuid()}", 0o700)
    path = autosave.rescue(draft, draft.request.to_data())
    assert path is not None and path.parent == tmp_path / f"balorg-rescue-{os.getuid()}"
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)


HOSTILE_NAMES = [
    "Cabinet A/B", "Cabinet C:\\D", "..\\..\\Windows\\System32", "../../etc/passwd", "C:", "CON", "nul.txt",
    'Cabinet "*?<>|', "Réseau : Île-de-France / Nord", "Cabinet. ", "   ", "COM1", "aux.",
]
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _safe_everywhere(name: str) -> bool:
    stem = name.split(".")[0].lower()
    return (
        bool(name)
        and PureWindowsPath(name).name == name and PurePosixPath(name).name == name
        and not set(name) & set('<>:"/\\|?*') and not any(ord(c) < 32 for c in name)
        and not name.endswith((".", " ")) and stem not in RESERVED
    )


@pytest.mark.parametrize("structure", HOSTILE_NAMES)
def test_export_file_names_never_hold_a_separator_or_a_reserved_name(structure: str) -> None:
    from wizard.model.export import default_file_name

    req = request(2)
    req.structure.name = structure
    assert _safe_everywhere(default_file_name(req))


@pytest.mark.parametrize("structure", HOSTILE_NAMES)
def test_document_file_names_never_hold_a_separator_or_a_reserved_name(tmp_path: Path, structure: str) -> None:
    from wizard.documents import write_documents

    req = request(2)
    req.structure.name = structure
    for lang in ("fr", "en"):
        folder = tmp_path / lang
        paths = write_documents(req, folder, lang=lang, generated_on="2026-11-26")
        assert paths and all(p.parent == folder and _safe_everywhere(p.name) for p in paths)


# -- text files: UTF-8 and "\n" whatever the platform ----------------------------------------------------


def _text_writes(text: str, label: str) -> list[str]:
    """The text-mode writes in `text` that leave the encoding or the newline to the platform."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        keywords = {k.arg for k in node.keywords}
        if name in ("open", "fdopen"):
            mode_node = node.args[1] if len(node.args) >= 2 else next((k.value for k in node.keywords if k.arg == "mode"), None)
            mode = mode_node.value if isinstance(mode_node, ast.Constant) and isinstance(mode_node.value, str) else "r"
            if "b" in mode or not set(mode) & set("wax+"):
                continue  # bytes, or text read (reading accepts any newline)
        elif name != "write_text":
            continue
        missing = {"encoding", "newline"} - keywords
        if missing:
            found.append(f"{label}:{node.lineno} {name}() without {', '.join(sorted(missing))}")
    return sorted(found)


def _package_text_writes() -> list[str]:
    return [found for source in sorted((REPO / "wizard").rglob("*.py"))
            for found in _text_writes(source.read_text(encoding="utf-8"), source.relative_to(REPO).as_posix())]


def test_text_files_are_written_utf8_with_newlines_whatever_the_platform() -> None:
    assert _package_text_writes() == []


def test_the_scan_finds_text_writes_that_leave_encoding_or_newline_to_the_platform() -> None:
    text = (
        'open(p, "w", encoding="utf-8").write(x)\n'
        'Path(p).write_text(x)\n'
        'os.fdopen(fd, mode="a")\n'
        'open(p, "wb"); open(p); open(p, encoding="utf-8")\n'
        'Path(p).write_text(x, encoding="utf-8", newline="\\n")\n'
    )
    assert _text_writes(text, "x") == [
        "x:1 open() without newline", "x:2 write_text() without encoding, newline", "x:3 fdopen() without encoding, newline",
    ]
