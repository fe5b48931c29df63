"""What milestones and pairings share: done once, by one of their units, by a due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..book import EntrySource
from ..pacing import one_off_status
from .base import Day, EntriesOf, Item, task_due
from .standing import MilestoneStatus


class OneOffItem(Item):
    """Done the first day any of its units reports it done; overdue after its due date."""

    takes = frozenset({"done"})
    # Set by each kind: its own due date (or None: the row's), and how its standing reads.
    own_due: dt.date | str | None = None
    shown_unit: str | None = None  # the unit the standing names, if it names one
    partner: str | None = None
    optional: bool = False
    id: str | None = None

    @property
    def due(self) -> dt.date | None:
        """Its own due date, else the row's."""
        own = self.own_due
        return own if isinstance(own, dt.date) else task_due(self.task)

    def done(self, entries_of: EntriesOf, as_of: dt.date) -> tuple[int, dt.date | None]:
        """How many times it was reported done by ``as_of``, and the first day: from its
        entries, and from the tallies of plain dones when the book has them."""
        dates = [
            e.date
            for unit in self.units
            for e in entries_of(unit, self.task.no)
            if self.counts(e) and e.date <= as_of
        ]
        count, first = len(dates), min(dates, default=None)
        if isinstance(entries_of, EntrySource):
            for unit in self.units:
                for milestone, tally in entries_of.dones.get((unit, self.task.no), ()):
                    if not self.addresses(milestone):
                        continue
                    for date, number in tally.counted.items():
                        if date <= as_of:
                            count += number
                            first = date if first is None or date < first else first
        return count, first

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[MilestoneStatus]:
        count, done_on = self.done(entries_of, day.as_of)
        return (
            MilestoneStatus(
                task=self.task.no,
                unit=self.shown_unit,
                name=self.name,
                partner=self.partner,
                due=self.due,
                optional=self.optional,
                done=done_on is not None,
                done_on=done_on,
                status=one_off_status(done_on, self.due, day.as_of, day.year_end),
                units=self.units,
                id=self.id,
                count=count,
            ),
        )
