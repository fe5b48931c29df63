"""What a row can hold, and which entries each kind accepts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model import Allocation, Indicator, Ledger, Task
from ..names import Registry


@dataclass(frozen=True)
class Share:
    """One unit's (or a joint group's, or nobody's) share of an indicator."""

    task: Task
    indicator: Indicator
    allocation: Allocation
    unit: str | None
    target: Decimal | None


# The shares of the ledger last asked about: a ledger is frozen, so they cannot change, and an
# import asks for them twice for every row of a sheet.
_last_shares: list[tuple[Ledger, list[Share]]] = []


def shares(ledger: Ledger, registry: Registry | None = None) -> list[Share]:
    """Every allocation of every indicator, a group's "each" share expanded to its members."""
    if _last_shares and _last_shares[0][0] is ledger:
        return list(_last_shares[0][1])
    registry = registry or Registry(ledger)
    result = []
    for task in ledger.tasks:
        for indicator in task.indicators:
            for allocation in indicator.allocations:
                name = registry.canonical_name(allocation.unit) if allocation.unit else None
                if name is not None and allocation.share == "each":
                    for member in registry.members(name):
                        result.append(Share(task, indicator, allocation, member, allocation.target))
                else:
                    result.append(Share(task, indicator, allocation, name, allocation.target))
    _last_shares[:] = [(ledger, result)]
    return list(result)


def share_of(
    ledger: Ledger, task: Task, unit: str, registry: Registry | None = None
) -> Share | None:
    """The share a unit records against in a row, or None if it has none."""
    for share in shares(ledger, registry):
        if share.task.no == task.no and share.unit == unit:
            return share
    return None
