"""The loaded ledger: the table and its entries, as every stage above loading sees them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..text.errors import Problem
from ..text.sourcemap import SourceMap
from .model import Entry, Ledger, Void


@dataclass(frozen=True)
class LoadedLedger:
    """A valid ``tasks.yaml``: the model, where its nodes stand, and its warnings."""

    ledger: Ledger
    source: SourceMap
    data_dir: Path
    warnings: tuple[Problem, ...]
    digest: str = ""  # of tasks.yaml's bytes: the cross-file checks depend on it


@dataclass(frozen=True)
class Book:
    """The ledger with its progress entries: everything the reports are computed from.

    ``entries`` keeps voided entries (they stay in the files); ``voided`` maps each
    withdrawn entry's id to its void. ``places`` says where each id was read; ``files_key``
    is the hash of the files it was read from (None when it was not read from a folder).
    """

    loaded: LoadedLedger
    entries: tuple[Entry, ...]
    voids: tuple[Void, ...]
    places: dict[str, tuple[str, int]]
    warnings: tuple[Problem, ...]
    files_key: str | None = None

    @property
    def ledger(self) -> Ledger:
        """The table."""
        return self.loaded.ledger

    @property
    def voided(self) -> dict[str, Void]:
        """Withdrawn entry ids and the void that withdrew each."""
        return {void.voids: void for void in self.voids}

    def active(self) -> list[Entry]:
        """Entries that count: every entry not voided, in file order."""
        voided = self.voided
        return [entry for entry in self.entries if entry.id not in voided]
