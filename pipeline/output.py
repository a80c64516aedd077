"""Files in and out.

Every output is written under a temporary name beside it and renamed into
place when it is complete; inside `committed_together()` (one command) the
renames wait until the whole command has succeeded, so a failed or
interrupted run leaves neither a truncated file nor half a set. Only regular
files are ever replaced: a device, FIFO or folder at an output path, or an
output that is one of the command's inputs, is refused before any work.
Temporary names carry the process id, so concurrent runs never remove each
other's.
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from .errors import PipelineError

# A temporary file older than this was left by a run that was killed even if
# its process id has been reused since: no build runs for a day.
STALE_AFTER_SECONDS = 24 * 3600

_pending: contextvars.ContextVar[list[tuple[Path, Path]] | None] = contextvars.ContextVar("pending", default=None)


@contextlib.contextmanager
def committed_together():
    """Outputs written inside appear only if everything inside succeeds."""
    pending: list[tuple[Path, Path]] = []
    token = _pending.set(pending)
    try:
        yield
        for tmp, path in pending:
            os.replace(tmp, path)
    finally:
        _pending.reset(token)
        for tmp, _ in pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


@contextlib.contextmanager
def outside_the_command():
    """Outputs written inside replace their paths as soon as they succeed, as
    if no command were committing them together (a forked process writing
    its parent's temporary files: the parent commits them)."""
    token = _pending.set(None)
    try:
        yield
    finally:
        _pending.reset(token)


@contextlib.contextmanager
def atomic_path(path: Path, *, with_the_command: bool = True):
    """Yield a temporary path beside `path`; it replaces `path` only on success
    (and, inside committed_together, only when that succeeds, unless not
    `with_the_command`: a cache entry is worth keeping whatever happens)."""
    path = Path(path)
    _refuse_unless_replaceable(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PipelineError(f"{path.parent}: is a file, not a folder") from None
    _remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for everyone to read
    pending = _pending.get() if with_the_command else None
    try:
        yield Path(tmp)
        if pending is None:
            os.replace(tmp, path)
        else:
            pending.append((Path(tmp), path))
            tmp = None
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def _refuse_unless_replaceable(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise PipelineError(f"{path}: a part of this path is a file, not a folder") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a device or pipe"
        raise PipelineError(f"{path}: is {kind}; outputs only ever replace regular files")


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of `path` left by killed runs: their process is gone, or they are a day old."""
    now = time.time()
    for stale in path.parent.glob(f".{path.name}.*.part"):
        pid = stale.name[len(path.name) + 2:].split(".", 1)[0]
        try:
            old = now - stale.stat().st_mtime > STALE_AFTER_SECONDS
            if old or not (pid.isdigit() and _is_running(int(pid))):
                stale.unlink()
        except FileNotFoundError:
            pass  # its own run finished meanwhile


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_outputs(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Before any work: every output can be replaced, and none is an input."""
    existing_inputs = [p for p in map(Path, inputs) if p.exists()]
    for output in map(Path, outputs):
        _refuse_unless_replaceable(output)
        if output.exists():
            for given in existing_inputs:
                if os.path.samefile(output, given):
                    raise PipelineError(f"{output}: is the input {given}; choose another output")


def output_in(folder: Path, name: str) -> Path:
    """folder/name, where name must be a plain file name: nothing is written outside the output folder."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name or "\n" in name:
        raise PipelineError(f"{name!r}: not a plain file name; outputs stay inside {folder}")
    return Path(folder) / name


def write_text(path: Path, text: str) -> None:
    write_pieces(path, (text,))


def write_pieces(path: Path, pieces: Iterable[str]) -> None:
    """write_text for a text made piece by piece, never held whole (the
    change log of a 20 MB scrape is hundreds of megabytes)."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(pieces)


def read_text(path: Path) -> str:
    path = Path(path)
    require_regular_file(path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def read_bytes(path: Path) -> bytes:
    path = Path(path)
    require_regular_file(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read ({exc.strerror})") from None


def require_regular_file(path: Path) -> None:
    """Inputs are regular files: a FIFO would hang the run, /dev/zero never end."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise PipelineError(f"{path}: no such file") from None
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise PipelineError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise PipelineError(f"{path}: is a device or pipe, not a file")
