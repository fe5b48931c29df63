"""What a row can hold: one class per kind, and the rows of a ledger built from them.

- ``base``: the protocol (takes, concerns, addresses, refuses, reads, stand);
- ``figure``, ``milestone``, ``pairing``, ``monthly``, ``activity``: the kinds;
- ``rows``: a ledger's rows and the one ``fit`` that says whether an entry fits;
- ``standing``: the frozen data a standing is made of (its status codes: ``ledger.status``).

To add a kind of row: write its class beside the others and build it in ``rows.Row``.
"""

from __future__ import annotations

from ..model import Ledger
from ..names import Registry
from ..status import Status
from .activity import ActivityItem
from .base import Day, Item, Refusal, row_label
from .figure import FigureShare
from .milestone import MilestoneItem
from .monthly import MonthlyItem
from .pairing import PairingItem
from .rows import Row, Rows, counts_nothing

__all__ = [
    "ActivityItem",
    "Day",
    "FigureShare",
    "Item",
    "MilestoneItem",
    "MonthlyItem",
    "PairingItem",
    "Refusal",
    "Row",
    "Rows",
    "Status",
    "counts_nothing",
    "row_label",
    "shares",
]


def shares(ledger: Ledger, registry: Registry | None = None) -> list[FigureShare]:
    """Every share of every indicator, a group's "each" share expanded to its members."""
    return Rows(ledger, registry).shares()
