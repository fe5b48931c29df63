"""Unit names: canonical names, aliases, pinyin, and "did you mean" suggestions.

A coordinator types 区乡村振兴局, ``rjy`` or 定有福 and means one registered unit. This
module resolves what was typed, or explains why it cannot: ambiguous (with the candidates)
or unknown (with the nearest names by characters and by pinyin).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .model import Ledger


def _syllables(text: str) -> list[str]:
    # pypinyin loads its phrase dictionaries on import (a fifth of a second), and only
    # typed pinyin and "did you mean" need it, so it is imported here, when first used.
    from pypinyin import Style, lazy_pinyin

    syllables: list[str] = lazy_pinyin(text, style=Style.NORMAL)
    return syllables


@cache
def pinyin_full(text: str) -> str:
    """Full toneless pinyin without spaces: 软件园 → ruanjianyuan."""
    return "".join(_syllables(text)).lower()


@cache
def pinyin_initials(text: str) -> str:
    """Pinyin initials: 软件园 → rjy."""
    return "".join(p[:1] for p in _syllables(text)).lower()


@dataclass(frozen=True)
class Resolution:
    """What a typed name resolved to: one canonical name, or candidates."""

    name: str | None
    candidates: tuple[str, ...] = ()


class Registry:
    """Every name a unit or group may be written as, mapped to its canonical name."""

    def __init__(self, ledger: Ledger) -> None:
        self.units = {unit.name: unit for unit in ledger.units}
        self.groups = {group.name: group for group in ledger.groups}
        self.lookup: dict[str, str] = {}
        for unit in ledger.units:
            for written in (unit.name, *unit.aliases):
                self.lookup.setdefault(written, unit.name)
        for group in ledger.groups:
            for written in (group.name, *group.aliases):
                self.lookup.setdefault(written, group.name)

    @property
    def canonical(self) -> list[str]:
        """Canonical names of units and groups, in the ledger's order."""
        return [*self.units, *self.groups]

    def canonical_name(self, written: str) -> str | None:
        """The canonical name for a name or alias written in the ledger, or None."""
        return self.lookup.get(written)

    def expand(self, written: Iterable[str]) -> list[str]:
        """Canonical names of the written units and groups, each group followed by its members."""
        names: list[str] = []
        for item in written:
            name = self.canonical_name(item) or item
            names += [name, *(m for m in self.members(name) if m != name)]
        return list(dict.fromkeys(names))

    def members(self, name: str) -> tuple[str, ...]:
        """The members of a group, or the unit itself."""
        group = self.groups.get(name)
        return group.members if group is not None else (name,)

    def resolve(self, typed: str, among: Iterable[str] | None = None) -> Resolution:
        """Resolve a typed name: exact or alias, then pinyin, then an unambiguous part."""
        typed = typed.strip()
        allowed = list(among) if among is not None else self.canonical
        exact = self.lookup.get(typed)
        if exact is not None and exact in allowed:
            return Resolution(exact)
        lowered = typed.lower()
        if lowered.isascii() and lowered.isalpha():
            return self._by_pinyin(lowered, allowed)
        hits = self._unique(n for n in allowed for w in self._written(n) if typed and typed in w)
        if len(hits) == 1:
            return Resolution(hits[0])
        # "洪山" means 洪山镇, not the cooperatives whose names contain 洪山镇.
        inner = [h for h in hits if all(h in other for other in hits)]
        if len(inner) == 1:
            return Resolution(inner[0])
        return Resolution(None, hits)

    def _by_pinyin(self, typed: str, allowed: list[str]) -> Resolution:
        """Typed pinyin, tried from the strictest reading to the loosest; the first reading
        that names anything decides. Among several names, the shortest come first."""
        written = [(n, w) for n in allowed for w in self._written(n)]
        short = [(n, f) for n, w in written for f in short_forms(w)]
        readings = (
            [n for n, w in written if pinyin_full(w) == typed],
            [n for n, w in written if pinyin_initials(w) == typed],
            # What people say: 教育局 (jyj) for 区教育局, 洪山 (hs) for 洪山镇.
            [n for n, f in short if typed in (pinyin_initials(f), pinyin_full(f))],
            [n for n, w in written if pinyin_full(w).startswith(typed)],
            [n for n, f in short if pinyin_full(f).startswith(typed)],
            [n for n, f in short if len(typed) > 1 and pinyin_initials(f).startswith(typed)],
        )
        for hits in readings:
            found = sorted(self._unique(hits), key=lambda n: (len(n), allowed.index(n)))
            if len(found) == 1:
                return Resolution(found[0])
            if found:
                return Resolution(None, tuple(found))
        return Resolution(None)

    def suggest(self, typed: str, among: Iterable[str] | None = None, limit: int = 3) -> list[str]:
        """The registered names nearest to a misspelt one, by characters and by pinyin."""
        allowed = list(among) if among is not None else self.canonical
        scored: dict[str, float] = {}
        typed_pinyin = pinyin_full(typed)
        for name in allowed:
            for written in self._written(name):
                by_chars = difflib.SequenceMatcher(None, typed, written).ratio()
                by_sound = difflib.SequenceMatcher(None, typed_pinyin, pinyin_full(written)).ratio()
                scored[name] = max(scored.get(name, 0.0), by_chars, by_sound)
        ranked = sorted(scored.items(), key=lambda pair: (-pair[1], pair[0]))
        return [name for name, score in ranked if score >= 0.6][:limit]

    def _written(self, name: str) -> tuple[str, ...]:
        if name in self.units:
            return (name, *self.units[name].aliases)
        if name in self.groups:
            return (name, *self.groups[name].aliases)
        return (name,)

    @staticmethod
    def _unique(names: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(names))


# What a unit's name is shortened to when spoken: 区教育局 → 教育局, 洪山镇 → 洪山,
# 区委宣传部 → 宣传部. Each shortening keeps at least two characters.
_PREFIXES = ("区委", "区", "福州")
_SUFFIXES = ("街道", "镇", "经合社", "电子商务有限公司", "有限公司")


@cache
def short_forms(name: str) -> tuple[str, ...]:
    """The name and its spoken short forms: 区委宣传部 → 区委宣传部, 宣传部, 委宣传部."""
    forms = [name]
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) - len(prefix) >= 2:
            forms.append(name[len(prefix) :])
    for form in list(forms):
        for suffix in _SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= 2:
                forms.append(form[: -len(suffix)])
    return tuple(dict.fromkeys(forms))


def did_you_mean(suggestions: list[str]) -> str:
    """The Chinese "did you mean" clause, or nothing."""
    if not suggestions:
        return ""
    return "（是否指 " + "、".join(suggestions) + "？）"
