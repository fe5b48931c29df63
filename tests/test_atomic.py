"""The atomic-write helper: a file is replaced whole or not at all, and no temporary file stays."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import BinaryIO

import pytest

from minning_cli.text.atomic import create_new, replacing, write_atomic


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    write_atomic(target, b"first\n")
    write_atomic(target, lambda handle: handle.write(b"second\n"))
    assert target.read_bytes() == b"second\n"
    assert names(tmp_path) == ["a.yaml"]


def test_a_crash_mid_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old\n")

    def crashing(handle: BinaryIO) -> None:
        handle.write(b"half of the new")
        raise RuntimeError("killed mid-write")

    with pytest.raises(RuntimeError, match="killed mid-write"):
        write_atomic(target, crashing)
    assert target.read_bytes() == b"old\n"
    assert names(tmp_path) == ["a.yaml"]


def test_a_failed_flush_to_disk_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old\n")

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert names(tmp_path) == ["a.yaml"]


def test_several_files_are_renamed_only_when_all_are_written(tmp_path: Path) -> None:
    first, second = tmp_path / "2023-06.yaml", tmp_path / "2023-07.yaml"
    first.write_bytes(b"june\n")
    with pytest.raises(RuntimeError), replacing() as files:
        files.stage(first, b"june, more\n")
        files.stage(second, b"july\n")
        assert len(names(tmp_path)) == 3  # the old June file and two temporary files
        raise RuntimeError("killed before the renames")
    assert first.read_bytes() == b"june\n"
    assert names(tmp_path) == ["2023-06.yaml"]
    with replacing() as files:
        files.stage(first, b"june, more\n")
        files.stage(second, b"july\n")
    assert (first.read_bytes(), second.read_bytes()) == (b"june, more\n", b"july\n")
    assert names(tmp_path) == ["2023-06.yaml", "2023-07.yaml"]


def test_a_failed_rename_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "2023-06.yaml", tmp_path / "2023-07.yaml"
    renamed: list[str] = []
    replace = os.replace

    def second_fails(source: Path, target: Path) -> None:
        if renamed:
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        renamed.append(str(target))
        replace(source, target)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(PermissionError), replacing() as files:
        files.stage(first, b"june\n")
        files.stage(second, b"july\n")
    assert names(tmp_path) == ["2023-06.yaml"]


def test_a_link_left_where_the_temporary_goes_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"untouched\n")
    target = tmp_path / "a.yaml"
    planted = tmp_path / f".a.yaml.{os.getpid()}.tmp"
    planted.symlink_to(victim)
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert victim.read_bytes() == b"untouched\n"
    assert names(tmp_path) == [planted.name, "a.yaml", "victim"]  # the link is not ours


def test_mode_and_durability(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    fsync = os.fsync

    def counting(descriptor: int) -> None:
        synced.append(descriptor)
        fsync(descriptor)

    monkeypatch.setattr(os, "fsync", counting)
    target = tmp_path / "cache.pickle"
    write_atomic(target, b"cached", durable=False, mode=0o600)
    assert synced == []  # a cache needs no fsync
    assert target.stat().st_mode & 0o777 == 0o600
    write_atomic(tmp_path / "a.yaml", b"kept")
    assert len(synced) == (2 if os.name == "posix" else 1)  # the file, then its folder


@pytest.mark.parametrize("links", [True, False], ids=["hard links", "no hard links"])
def test_create_new_creates_only_what_is_not_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    if not links:  # where the file system has none, O_EXCL does the same job

        def no_links(source: Path, target: Path) -> None:
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))

        monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "tasks.yaml"
    create_new(target, b"mine\n")
    assert target.read_bytes() == b"mine\n"
    with pytest.raises(FileExistsError):
        create_new(target, b"theirs\n")
    assert target.read_bytes() == b"mine\n"
    assert names(tmp_path) == ["tasks.yaml"]


def test_create_new_refuses_a_file_that_appears_while_writing(tmp_path: Path) -> None:
    target = tmp_path / "tasks.yaml"

    def slow(handle: BinaryIO) -> None:
        handle.write(b"mine\n")
        target.write_bytes(b"another init's\n")  # the other process was quicker

    with pytest.raises(FileExistsError):
        create_new(target, slow)
    assert target.read_bytes() == b"another init's\n"
    assert names(tmp_path) == ["tasks.yaml"]
