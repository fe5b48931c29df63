"""What milestones and pairings share: done once, by one of their units, by a due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[MilestoneStatus]:
        dates = [
            e.date
            for unit in self.units
            for e in entries_of(unit, self.task.no)
            if self.counts(e) and e.date <= day.as_of
        ]
        done_on = min(dates, default=None)
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
                count=len(dates),
            ),
        )
