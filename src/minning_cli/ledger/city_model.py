"""The schema of the city file (``city.yaml``): the city's rows, its districts, their ledgers.

The city's office (市闽宁协作办) assigns each numeric row of the table to its districts (the
seed's first column: 人才选派 马尾区12名、鼓楼区11名…) and collects every district's ledger.
The file is hand-edited like ``tasks.yaml``: frozen pydantic models, unknown keys refused,
field validators saying in Chinese what is wrong; ``city_file`` reads it with a line and
column for every problem and checks what spans records (a target for a district the file
does not list, two districts of one name, targets that do not add up to the stated total).

A district's ledger lives in a git repository (``git``: a URL or a path, with an optional
``branch`` and the ``folder`` holding ``tasks.yaml`` inside it) or a plain folder (``path``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .model import Figure, Name, Pacing

DEFAULT_FOLDER = "data"
# What ``git`` may name: these transports, a scp-like ``user@host:path``, or a local path.
# ``ext::`` (runs a command) and every other transport are refused here and again by git's
# own protocol settings when fetching.
URL_SCHEMES = ("https", "http", "ssh", "git", "file")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)(://|::)")
_SCP = re.compile(r"^(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9._-]+:(?!//)")
# A branch as git accepts it (``git check-ref-format --branch``), kept to the safe subset.
_BRANCH = re.compile(r"^(?!-)(?!.*\.\.)(?!.*//)(?!.*@\{)[^\s~^:?*\[\\\x00-\x1f\x7f]+(?<![./])$")


def _remote(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        raise ValueError("不能为空：写 git 仓库的地址（https://…、ssh://…）或本机路径")
    if text.startswith("-"):
        raise ValueError(f"“{text}”不是仓库地址（不能以 - 开头）")
    scheme = _SCHEME.match(text)
    if scheme is not None and (scheme.group(2) == "::" or scheme.group(1) not in URL_SCHEMES):
        allowed = "、".join(URL_SCHEMES)
        raise ValueError(f"不支持的仓库地址“{text}”：只接受 {allowed} 地址或本机路径")
    return text


def _branch(value: Any) -> Any:
    if isinstance(value, str) and not _BRANCH.match(value):
        raise ValueError(f"“{value}”不是有效的分支名（如 main、master）")
    return value


def _folder(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    parts = value.replace("\\", "/").strip("/").split("/")
    if value.startswith(("/", "\\")) or ":" in value or ".." in parts:
        raise ValueError(f"“{value}”应为仓库里的相对路径（如 data 或 .），不能含 .. 或盘符")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def is_url(remote: str) -> bool:
    """True for a URL or a scp-like ``host:path``; False for a path on this machine."""
    return _SCHEME.match(remote) is not None or (
        _SCP.match(remote) is not None and not re.match(r"^[A-Za-z]:[\\/]", remote)
    )


class CityMeta(_Model):
    """The city file's header: whose table, which year, when pacing starts."""

    title: Name
    year: Annotated[int, Field(ge=2000, le=2100)]
    name: str | None = None  # the city (福州市); the seed's table is a district's and omits it
    start: dt.date | None = None

    @property
    def start_date(self) -> dt.date:
        """The day pacing counts from: ``start`` or 1 January of ``year``."""
        return self.start or dt.date(self.year, 1, 1)


class CityRow(_Model):
    """A numeric row of the city's table: its indicator and each district's assignment."""

    no: Annotated[int, Field(ge=1, le=999)]
    title: Name
    indicator: Name  # the indicator's name in the districts' ledgers (社会帮扶资金)
    measure: Name
    deadline: dt.date
    pacing: Pacing | None = None
    floor: bool = True
    total: Figure | None = None  # the stated total (2700); None where the table states none
    total_text: str | None = None
    text: str | None = None  # the city's wording (省、市下达任务)
    targets: dict[str, Figure]


class District(_Model):
    """A district and where its ledger lives: a git repository or a plain folder."""

    name: Name
    git: Annotated[str, BeforeValidator(_remote)] | None = None
    branch: Annotated[str, BeforeValidator(_branch)] | None = None
    folder: Annotated[str, BeforeValidator(_folder)] = DEFAULT_FOLDER
    path: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> District:
        if self.git is not None and self.path is not None:
            raise ValueError("git 和 path 只能写一个：台账在 git 仓库里写 git，在普通目录里写 path")
        if self.path is not None and self.branch is not None:
            raise ValueError("branch 只用于 git 仓库；普通目录（path）不用写")
        return self

    @property
    def configured(self) -> bool:
        """Whether the file says where the district's ledger lives."""
        return self.git is not None or self.path is not None


class City(_Model):
    """The whole city file."""

    city: CityMeta
    rows: tuple[CityRow, ...]
    districts: tuple[District, ...]

    def district(self, name: str) -> District:
        """The district of that name; a KeyError is a bug in the caller."""
        for district in self.districts:
            if district.name == name:
                return district
        raise KeyError(name)
