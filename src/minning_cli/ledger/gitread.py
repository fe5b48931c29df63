"""Reading another version of the ledger out of git, through git itself.

Every call runs ``git`` with an argument list (never a shell) in the repository's top
folder. What the user typed (a revision) reaches git only as one argument, after it has
been checked not to look like an option. Nothing here parses YAML: ``load`` does that.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..text.errors import MinningError
from .datadir import PROGRESS_DIR, TASKS_FILE, is_progress_name

GIT_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Revision:
    """A commit the user named: what they typed, its id, and its first line."""

    rev: str
    commit: str
    date: str
    subject: str


@dataclass(frozen=True)
class Version:
    """The ledger files of a data folder as they are in one commit."""

    revision: Revision
    tasks: tuple[str, bytes]
    progress: tuple[tuple[str, bytes], ...]


def _git(top: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=top,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise MinningError("找不到 git 命令：review 需要安装 git") from None
    except subprocess.TimeoutExpired:
        raise MinningError(f"git {args[0]} 在 {GIT_TIMEOUT_SECONDS} 秒内没有完成") from None


def repository_root(data_dir: Path) -> Path:
    """The top folder of the git repository holding the data folder, or a ``MinningError``."""
    done = _git(data_dir, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise MinningError(
            f"台账目录 {data_dir} 不在 git 仓库里：minning review 对比的是 git 里的版本。"
            "请先在台账所在仓库里 git init 并提交一次（git add data && git commit）"
        )
    return Path(done.stdout.decode("utf-8").strip())


def resolve_revision(top: Path, rev: str) -> Revision:
    """The commit a revision names (``HEAD``, ``HEAD~1``, a branch, an id), or a ``MinningError``."""
    if not rev.strip() or rev.startswith("-"):
        raise MinningError(f"“{rev}”不是 git 的版本名（如 HEAD、HEAD~1、main 或提交编号）")
    done = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0:
        if rev == "HEAD" and _git(top, "rev-parse", "--verify", "--quiet", "HEAD").returncode:
            raise MinningError("这个 git 仓库还没有任何提交：请先提交一次台账（git commit）")
        raise MinningError(
            f"git 里找不到版本“{rev}”：请用 git log --oneline 查看可用的提交，"
            "如 HEAD、HEAD~1 或提交编号"
        )
    commit = done.stdout.decode("utf-8").strip()
    shown = _git(top, "show", "-s", "--format=%cs%x00%s", commit)
    date, _, subject = shown.stdout.decode("utf-8", errors="replace").strip().partition("\x00")
    return Revision(rev, commit, date, subject)


def data_path(top: Path, data_dir: Path) -> PurePosixPath:
    """The data folder as a path inside the repository (``data``, or ``.`` at the top)."""
    try:
        inside = data_dir.resolve().relative_to(top.resolve())
    except ValueError:
        raise MinningError(f"台账目录 {data_dir} 不在 git 仓库 {top} 里") from None
    return PurePosixPath(inside.as_posix())


def read_version(top: Path, data_dir: Path, revision: Revision) -> Version:
    """``tasks.yaml`` and every month file of ``progress/`` as committed in a revision."""
    folder = data_path(top, data_dir)
    tasks_path = (folder / TASKS_FILE).as_posix()
    tasks = _blob(top, revision, tasks_path)
    if tasks is None:
        raise MinningError(f"版本 {revision.rev}（{revision.commit[:7]}）里没有 {tasks_path}")
    progress_dir = (folder / PROGRESS_DIR).as_posix()
    listed = _git(top, "ls-tree", "-z", "--name-only", revision.commit, "--", progress_dir + "/")
    if listed.returncode != 0:
        raise MinningError(f"git ls-tree 失败：{listed.stderr.decode('utf-8', 'replace').strip()}")
    progress = []
    for raw in sorted(name for name in listed.stdout.split(b"\x00") if name):
        path = raw.decode("utf-8")
        if not is_progress_name(PurePosixPath(path).name):
            continue
        content = _blob(top, revision, path)
        if content is not None:
            progress.append((_shown(revision, path), content))
    return Version(revision, (_shown(revision, tasks_path), tasks), tuple(progress))


def _blob(top: Path, revision: Revision, path: str) -> bytes | None:
    """A file's bytes exactly as committed (no textconv, no line-ending filters), or None."""
    done = _git(top, "cat-file", "blob", f"{revision.commit}:{path}")
    return done.stdout if done.returncode == 0 else None


def _shown(revision: Revision, path: str) -> str:
    """How problems in an old version name the file: git's own ``REV:path``."""
    return f"{revision.rev}:{path}"
