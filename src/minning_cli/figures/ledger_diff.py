"""What differs between two versions of ``tasks.yaml``, field by field, read off the schema.

``ledger_changes`` walks the two ``Ledger`` models together through their dataclass fields, so a
field added to the schema is compared without anyone listing it here. Three shapes of value:

- a nested model (``ledger``, a unit's ``contact``, a row's ``monthly``) is walked field by
  field; one that appears or disappears (a row gains a monthly duty) is ``added``/``removed``;
- a tuple of models is a list of items, matched between the versions by the item's identity
  (``IDENTITY`` below), never by position, so inserting a unit does not make every later
  unit look changed; items only on one side are ``added``/``removed``, whole;
- a dict (``city``: district → figure) is matched by key.

Anything else is a value compared whole: a number, a date, a text, a tuple of names (``leads``:
their order is part of the table). Changes come in schema order, then item order: the old
version's items first, the new version's added items after them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import MISSING, dataclass, fields, is_dataclass, replace
from typing import Any

from ..ledger.model import (
    Allocation,
    Group,
    Indicator,
    Milestone,
    MonthlyDuty,
    Pairing,
    Partner,
    Task,
    Unit,
)

Model = Any  # one of ``ledger.model``'s dataclasses: a ``Ledger`` and what it holds

# The one table of identities: the field that names an item of a list in tasks.yaml. Kept by
# hand rather than derived (it happens to be each model's first field) because the choice is
# a reading of the table — a pairing is its unit's, whoever the partner — and worth stating.
# Two items with the same identity (validation refuses most) are matched in order.
IDENTITY: dict[type[Model], str] = {
    Unit: "name",
    Group: "name",
    Partner: "town",
    Task: "no",
    Indicator: "name",
    Allocation: "unit",
    Milestone: "id",
    Pairing: "unit",
}

Key = str | int | None


@dataclass(frozen=True)
class Step:
    """One step of a path into ``tasks.yaml``: a field, and which item or key of it.

    ``keyed`` is set where the field holds a list or a dict; ``key`` is then the item's
    identity (a row number, a unit's name; None for row 2's share that names no unit) or the
    dict's key (a district). ``name`` is what a person calls the item where the key is not
    that: a row's title, a milestone's or a monthly duty's name.
    """

    field: str
    keyed: bool = False
    key: Key = None
    name: str | None = None

    def flat(self) -> list[Key]:
        """The step as the JSON path writes it: the field, then its key if it has one."""
        return [self.field, self.key] if self.keyed else [self.field]


@dataclass(frozen=True)
class LedgerChange:
    """One difference in ``tasks.yaml``: a value changed, or an item added or removed.

    ``old``/``new`` are the values (``changed``), or for an item the non-default fields of
    the model (``added``: ``old`` is None; ``removed``: ``new`` is None). ``task``, ``title``,
    ``item`` (indicator, milestone, monthly duty or partner town), ``unit`` and ``measure``
    (the indicator's, for anything inside one) say where the change is, for people.
    """

    path: tuple[Step, ...]
    change: str
    old: Any
    new: Any
    task: int | None = None
    title: str | None = None
    item: str | None = None
    unit: str | None = None
    measure: str | None = None

    @property
    def field(self) -> str:
        """The field changed, or the list (or dict) the item was added to or removed from."""
        return self.path[-1].field


def ledger_changes(old: Model, new: Model) -> list[LedgerChange]:
    """Every difference between two versions of a model (the whole ``Ledger``, usually)."""
    # The walk carries where it is (row, item, unit, measure) as a change without a path yet;
    # each difference found is that change with its path and values filled in.
    return list(_models(old, new, (), LedgerChange((), "changed", None, None)))


def _models(
    old: Model, new: Model, path: tuple[Step, ...], where: LedgerChange
) -> Iterator[LedgerChange]:
    where = _within(where, new)
    for name in (f.name for f in fields(new)):
        yield from _values(getattr(old, name), getattr(new, name), path, name, where)


def _values(
    old: Any, new: Any, path: tuple[Step, ...], field: str, where: LedgerChange
) -> Iterator[LedgerChange]:
    if old == new:
        return
    if isinstance(old, tuple) and isinstance(new, tuple) and _holds_models((*old, *new)):
        yield from _items(old, new, path, field, where)
    elif isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            was, now = old.get(key), new.get(key)
            if was != now:
                change = "changed" if key in old and key in new else _side(key in new)
                step = Step(field, keyed=True, key=key)
                yield replace(where, path=(*path, step), change=change, old=was, new=now)
    elif _is_model(old) and _is_model(new):
        yield from _models(old, new, (*path, Step(field, name=_name(new))), where)
    elif _is_model(old) or _is_model(new):
        item = new if _is_model(new) else old
        yield _whole(item, (*path, Step(field, name=_name(item))), where, new is item)
    else:
        yield replace(where, path=(*path, Step(field)), change="changed", old=old, new=new)


def _items(
    old: Sequence[Model],
    new: Sequence[Model],
    path: tuple[Step, ...],
    field: str,
    where: LedgerChange,
) -> Iterator[LedgerChange]:
    """Items of two lists matched by identity: changed ones walked, the rest added/removed."""
    was, now = _by_identity(old), _by_identity(new)
    for key in dict.fromkeys([*was, *now]):
        before, after = was.get(key), now.get(key)
        item = after if after is not None else before
        assert item is not None  # the key came from one of the two
        step = Step(field, keyed=True, key=key[0], name=_name(item))
        if before is not None and after is not None:
            yield from _models(before, after, (*path, step), where)
        else:
            yield _whole(item, (*path, step), where, after is not None)


def _by_identity(items: Sequence[Model]) -> dict[tuple[Key, int], Model]:
    """Items by (identity, how many earlier items share it): the nth match the nth."""
    seen: Counter[Key] = Counter()
    result = {}
    for item in items:
        key = getattr(item, IDENTITY[type(item)])
        result[(key, seen[key])] = item
        seen[key] += 1
    return result


def _whole(item: Model, path: tuple[Step, ...], where: LedgerChange, added: bool) -> LedgerChange:
    """An item added or removed, with the fields it sets (defaults left out)."""
    fields = _set_fields(item)
    return replace(
        _within(where, item),
        path=path,
        change=_side(added),
        old=None if added else fields,
        new=fields if added else None,
    )


def _is_model(value: object) -> bool:
    return is_dataclass(value) and not isinstance(value, type)


def _set_fields(item: Model) -> dict[str, Any]:
    """The fields of an item that differ from their defaults, nested items alike."""
    result = {}
    for field in fields(item):
        value = getattr(item, field.name)
        if field.default is not MISSING and value == field.default:
            continue
        if field.default_factory is not MISSING and value == field.default_factory():
            continue
        result[field.name] = _set_value(value)
    return result


def _set_value(value: Any) -> Any:
    if _is_model(value):
        return _set_fields(value)
    if isinstance(value, tuple):
        return tuple(_set_value(item) for item in value)
    return value


def _within(where: LedgerChange, model: Model) -> LedgerChange:
    """Where a change inside ``model`` is: its row, indicator or milestone, unit, measure."""
    match model:
        case Task():
            return replace(where, task=model.no, title=model.title)
        case Indicator():
            return replace(where, item=model.name, measure=model.measure)
        case Milestone() | MonthlyDuty():
            return replace(where, item=model.name)
        case Partner():
            return replace(where, item=model.town)
        case Allocation() | Pairing():
            return replace(where, unit=model.unit)
        case Unit() | Group():
            return replace(where, unit=model.name)
    return where


def _name(model: Model) -> str | None:
    """What a person calls an item whose key is a number or a code."""
    match model:
        case Task():
            return model.title
        case Milestone() | MonthlyDuty():
            return model.name
    return None


def _holds_models(values: Sequence[Any]) -> bool:
    return any(_is_model(value) for value in values)


def _side(added: bool) -> str:
    return "added" if added else "removed"
