"""Status codes: how a share, a milestone or a month of a duty stands on a day.

One enum for every kind of row; the Chinese labels live on the view side
(``views/labels.py``). The values are the stable codes of the JSON contract.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """How something stands as of a day."""

    DONE = "done"  # a share reached its target, a milestone or pairing was done
    ON_TRACK = "on_track"  # at or ahead of the pace
    BEHIND = "behind"  # below the pace, deadline not yet passed
    OVERDUE = "overdue"  # deadline passed, not done
    NO_TARGET = "no_target"  # the table gives no number
    PENDING = "pending"  # not done, not yet due (or this month still running)
    ON_TIME = "on_time"  # a month's duty done by its due day
    LATE = "late"  # done after its due day
    MISSING = "missing"  # due day passed, not done
    # A row without figures (its activities, milestones, a lead unit's closing note):
    NO_RECORD = "no_record"  # nothing recorded yet, deadline not passed
    IN_PROGRESS = "in_progress"  # something recorded, not closed
    QUIET = "quiet"  # an ongoing row with nothing recorded for its stretch (quiet_days)
    SILENT_YEAR = "silent_year"  # an ongoing row with nothing recorded in the closed year
