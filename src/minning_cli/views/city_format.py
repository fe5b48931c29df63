"""``minning city status --format``: apart from its renderers so that parsing the command line
loads no terminal library (``render_city`` holds the renderers)."""

from __future__ import annotations

from enum import StrEnum


class CityFormat(StrEnum):
    """``minning city status --format``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
