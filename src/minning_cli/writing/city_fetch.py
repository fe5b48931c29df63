"""``minning city fetch``: copy each district's ledger into the city's cache, with plain git.

For a district in a git repository: a bare repository of our own in the cache
(``repo.git``, created without templates) fetches the branch (or the remote's HEAD) into
``refs/minning/fetched``; the ledger files of that commit are read out of git's objects
(``ls-tree``, ``cat-file``: no checkout, no work tree, no filters) and written as a plain
folder (``data/``) that ``city status`` loads like any ledger. A district in a plain folder
is copied the same way. Nothing in a district's repository runs or changes:

- hooks are off (``core.hooksPath=/dev/null``) and the cache repository has no templates;
- no submodules are followed, no tags fetched, nothing checked out;
- transports are limited to https, http, ssh, git and file (``protocol.allow=never`` with
  those allowed): ``ext::`` and the like are refused by git itself, after the city file
  has already refused them;
- the system's git configuration is not read (``GIT_CONFIG_NOSYSTEM``), git never prompts
  (``GIT_TERMINAL_PROMPT=0``), and environment variables that point git at another
  repository are dropped; every call is an argument list, never a shell.

A district that fails keeps its last good copy, marked stale with the reason (Chinese); the
record (``fetch.json``) says which commit was read and when. The copy is swapped in whole:
a run killed midway leaves the old copy or the new one.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from filelock import FileLock, Timeout

from ..ledger.city_cache import (
    RECORD,
    REPOSITORY,
    SNAPSHOT,
    FetchOutcome,
    FetchRecord,
    district_folder,
    read_record,
)
from ..ledger.city_model import URL_SCHEMES, District, is_url
from ..ledger.datadir import PROGRESS_DIR, TASKS_FILE, is_progress_name, progress_files
from ..text.atomic import write_atomic
from ..text.decode import os_reason, read_bytes
from ..text.errors import MinningError

GIT_TIMEOUT_SECONDS = 300
LOCK = ".lock"
LOCK_TIMEOUT_SECONDS = 600
WORKERS = 4
FETCHED_REF = "refs/minning/fetched"
_FILE_MODES = {b"100644", b"100755"}
_SAFE_CONFIG = [
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "protocol.allow=never",
    *(f"protocol.{scheme}.allow=always" for scheme in URL_SCHEMES),
    "fetch.recurseSubmodules=false",
    "submodule.recurse=false",
    "log.showSignature=false",
]
_REPOSITORY_ENV = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
    "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
)  # fmt: skip


class FetchFailed(Exception):
    """Why one district could not be read this time (Chinese): its copy goes stale."""


def git_env() -> dict[str, str]:
    """The environment git runs in: no system config, no prompts, no other repository."""
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_ENV}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", GIT_PROTOCOL_FROM_USER="0")
    return env


def _git(repo: Path, *args: str) -> bytes:
    """Run git on the cache's own repository; a failure is a ``FetchFailed`` in Chinese."""
    config = [part for item in _SAFE_CONFIG for part in ("-c", item)]
    try:
        done = subprocess.run(
            ["git", *config, "-C", str(repo), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
            env=git_env(),
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise FetchFailed("找不到 git 命令：city fetch 需要安装 git") from None
    except subprocess.TimeoutExpired:
        raise FetchFailed(f"git {args[0]} 在 {GIT_TIMEOUT_SECONDS} 秒内没有完成") from None
    if done.returncode != 0:
        said = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines()]
        first = next((line for line in said if line.startswith(("fatal:", "error:"))), None)
        shown = first or next((line for line in said if line), f"退出码 {done.returncode}")
        raise FetchFailed(f"git {args[0]} 失败：{shown}")
    return done.stdout


def fetch_city(
    cache_dir: Path,
    districts: Sequence[tuple[District, str | None]],
    now: dt.datetime,
) -> list[FetchOutcome]:
    """Fetch every configured district (a few at a time), in the city file's order.

    One fetch of a city at a time: a second waits for the first (``LOCK`` in the cache).
    """
    cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        with (
            FileLock(cache_dir / LOCK, timeout=LOCK_TIMEOUT_SECONDS),
            ThreadPoolExecutor(max_workers=WORKERS) as pool,
        ):
            return list(pool.map(lambda p: fetch_district(cache_dir, p[0], p[1], now), districts))
    except Timeout:
        raise MinningError(
            f"另一个 minning city fetch 正在取回（{LOCK_TIMEOUT_SECONDS} 秒内没能锁定 "
            f"{cache_dir / LOCK}）：稍后再试"
        ) from None


def fetch_district(
    cache_dir: Path, district: District, source: str | None, now: dt.datetime
) -> FetchOutcome:
    """Take a new copy of one district's ledger, or keep the last one marked stale."""
    if source is None:
        return FetchOutcome(district.name, None, None)
    folder = district_folder(cache_dir, district, source)
    before = read_record(folder)
    when = now.isoformat(timespec="seconds")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if district.git is not None and not is_url(source) and not Path(source).exists():
            raise FetchFailed(f"仓库 {source} 不存在或无法访问")
        if district.git is not None:
            commit, committed, files = _read_git(folder / REPOSITORY, district, source)
        else:
            commit, committed, files = None, None, _read_folder(Path(source))
        changed = (
            before is None
            or before.error is not None
            or before.commit != commit
            or (commit is None and not _holds(folder / SNAPSHOT, files))  # a plain folder
        )
        if changed or not (folder / SNAPSHOT).is_dir():
            _swap_in(folder, files)
        record = FetchRecord(district.name, source, commit, committed, when, when)
    except (FetchFailed, OSError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        record = (
            before.failed(reason, now)
            if before is not None and before.fetched_at is not None
            else FetchRecord(district.name, source, None, None, None, when, reason)
        )
        changed = False
    _write_record(folder, record)
    return FetchOutcome(district.name, source, record, changed)


def _write_record(folder: Path, record: FetchRecord) -> None:
    import json

    text = json.dumps(record.as_json(), ensure_ascii=False, indent=1) + "\n"
    try:
        write_atomic(folder / RECORD, text.encode("utf-8"), durable=False)
    except OSError:
        return  # the cache folder cannot be written: the status will say nothing was read


def _read_git(
    repo: Path, district: District, source: str
) -> tuple[str, str, list[tuple[str, bytes]]]:
    """Fetch the district's branch into our bare repository; the ledger files of its commit."""
    if not (repo / "HEAD").is_file():
        repo.mkdir(parents=True, exist_ok=True)
        _git(repo, "init", "--bare", "--quiet", "--template=")
    wanted = f"refs/heads/{district.branch}" if district.branch else "HEAD"
    fetch = ["fetch", "--quiet", "--no-tags", "--no-recurse-submodules"]
    _git(repo, *fetch, "--no-write-fetch-head", "--", source, f"+{wanted}:{FETCHED_REF}")
    commit = _git(repo, "rev-parse", "--verify", f"{FETCHED_REF}^{{commit}}").decode().strip()
    committed = _git(repo, "log", "-1", "--format=%cI", commit).decode().strip()
    folder = PurePosixPath(district.folder)
    where = f"{district.branch or '默认分支'}（{commit[:7]}）"
    tasks = _tree(repo, commit, (folder / TASKS_FILE).as_posix())
    if TASKS_FILE not in tasks:
        raise FetchFailed(f"{where} 里没有 {(folder / TASKS_FILE).as_posix()}")
    listed = _tree(repo, commit, (folder / PROGRESS_DIR).as_posix() + "/")
    files = [(TASKS_FILE, tasks[TASKS_FILE])]
    for name, (mode, blob) in sorted(listed.items()):
        if is_progress_name(name):
            files.append((f"{PROGRESS_DIR}/{name}", (mode, blob)))
    contents = []
    for path, (mode, blob) in files:
        if mode not in _FILE_MODES:
            raise FetchFailed(f"{where} 里的 {folder / path} 不是普通文件（链接或子模块），不读取")
        contents.append((path, _git(repo, "cat-file", "blob", blob)))
    return commit, committed, contents


def _tree(repo: Path, commit: str, path: str) -> dict[str, tuple[bytes, str]]:
    """The entries git lists at a path of a commit: name → (mode, object id)."""
    found = {}
    for line in _git(repo, "ls-tree", "-z", commit, "--", path).split(b"\x00"):
        if not line:
            continue
        meta, _, name = line.partition(b"\t")
        mode, _kind, blob = meta.split(b" ")
        found[PurePosixPath(name.decode("utf-8", "replace")).name] = (mode, blob.decode())
    return found


def _read_folder(folder: Path) -> list[tuple[str, bytes]]:
    """A plain folder's ledger files, read as they are now."""
    raw, problems = read_bytes(folder / TASKS_FILE, str(folder / TASKS_FILE))
    if raw is None:
        raise FetchFailed(problems[0].message if problems else f"无法读取 {folder / TASKS_FILE}")
    files = [(TASKS_FILE, raw)]
    paths, unlisted = progress_files(folder)
    if unlisted:
        raise FetchFailed(unlisted[0].message)
    for path in paths:
        content, problems = read_bytes(path, str(path))
        if content is None:
            raise FetchFailed(problems[0].message if problems else f"无法读取 {path}")
        files.append((f"{PROGRESS_DIR}/{path.name}", content))
    return files


def _holds(snapshot: Path, files: list[tuple[str, bytes]]) -> bool:
    """Whether the copy holds exactly these files, byte for byte (and no others)."""
    try:
        there = sorted(
            p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()
        )
        if there != sorted(path for path, _content in files):
            return False
        return all((snapshot / path).read_bytes() == content for path, content in files)
    except OSError:
        return False


def _swap_in(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """Write the copy beside the old one, then put it in its place (old one removed)."""
    staged = folder / f".{SNAPSHOT}.{os.getpid()}.new"
    shutil.rmtree(staged, ignore_errors=True)
    (staged / PROGRESS_DIR).mkdir(parents=True)
    for path, content in files:
        (staged / path).write_bytes(content)
    current = folder / SNAPSHOT
    old = folder / f".{SNAPSHOT}.{os.getpid()}.old"
    if current.exists():
        current.rename(old)
    staged.rename(current)
    shutil.rmtree(old, ignore_errors=True)
