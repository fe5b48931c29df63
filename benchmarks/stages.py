"""Where ``minning status --format json`` spends its time, stage by stage, in one process.

    MINNING_CACHE=... python benchmarks/stages.py DATA_DIR

prints JSON: seconds of CPU (process time) for importing the command-line module, reading
``tasks.yaml``, reading and checking the progress files, computing the report and writing
the JSON, as the ``status`` command does them. ``run.py`` calls it for its profile.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import time
from pathlib import Path


def main() -> None:
    clock = time.process_time
    folder = Path(sys.argv[1])
    marks = [("start", clock())]
    import minning_cli.cli  # noqa: F401  (what every command imports)

    marks.append(("import", clock()))
    from minning_cli.load import load_book, load_ledger

    load_ledger(folder)
    marks.append(("tasks.yaml", clock()))
    book = load_book(folder)
    marks.append(("progress files", clock()))
    from minning_cli.status import compute_status, filter_report

    report = compute_status(book, dt.date(2023, 12, 31))
    marks.append(("compute", clock()))
    from minning_cli.render_json import print_json

    print_json(filter_report(report, None, None), io.StringIO())
    marks.append(("JSON", clock()))
    stages = {
        name: round(marks[i][1] - marks[i - 1][1], 4) for i, (name, _) in enumerate(marks) if i
    }
    # load_book reads tasks.yaml again (from the cache): count it once, under tasks.yaml.
    print(json.dumps({"stages": stages, "entries": len(book.entries) + len(book.voids)}))


if __name__ == "__main__":
    main()
