"""Where ``minning status --format json`` spends its time, stage by stage, in one process.

    MINNING_CACHE=... python benchmarks/stages.py DATA_DIR
    MINNING_CACHE=... python benchmarks/stages.py DATA_DIR --readers

prints JSON: seconds of CPU (process time) for importing the command-line module, reading
``tasks.yaml``, reading and checking the progress files, computing the report and writing
the JSON, as the ``status`` command does them; with ``--readers``, for the ways of reading
the progress files instead (the real YAML parser, the fast reader, loading the per-file
summaries, with the garbage collector running and paused). ``run.py`` calls it for its profile.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import time
from pathlib import Path


def readers(folder: Path) -> dict[str, float]:
    """CPU seconds of each way of reading every progress file of a data folder."""
    import gc

    from minning_cli.ledger.datadir import progress_files
    from minning_cli.text.fastparse import progress_items
    from minning_cli.text.yamlsource import parse

    clock = time.process_time
    paths, _unlisted = progress_files(folder)
    raws = [path.read_bytes() for path in paths]
    texts = [raw.decode("utf-8") for raw in raws]
    result = {}
    for paused in (False, True):
        gc.collect()
        if paused:
            gc.disable()
        label = "paused" if paused else "running"
        start = clock()
        for path, text in zip(paths, texts, strict=True):
            assert parse(text, path.name).data is not None
        result[f"yamlsource.parse (libyaml), collector {label}"] = clock() - start
        start = clock()
        for text in texts:
            assert progress_items(text) is not None
        result[f"fastparse.progress_items, collector {label}"] = clock() - start
        gc.enable()
    from minning_cli.ledger.load import load_ledger
    from minning_cli.ledger.summary_load import read_summaries

    loaded = load_ledger(folder)
    for paused in (False, True):
        gc.collect()
        if paused:
            gc.disable()
        start = clock()
        held = read_summaries(folder, loaded.ledger, loaded.digest)
        assert held is not None
        held.gathered()  # merged, as a standing asks for them
        label = "paused" if paused else "running"
        result[f"loading the per-file summaries (warm), collector {label}"] = clock() - start
        assert held is not None
        del held
        gc.enable()
    return {name: round(seconds, 3) for name, seconds in result.items()}


def main() -> None:
    clock = time.process_time
    folder = Path(sys.argv[1])
    if sys.argv[2:] == ["--readers"]:
        print(json.dumps(readers(folder)))
        return
    marks = [("start", clock())]
    from minning_cli.cli import one_command_collector  # what every command imports

    marks.append(("import", clock()))
    with one_command_collector():  # as ``minning`` runs every command
        from minning_cli.ledger.load import load_book, load_ledger

        load_ledger(folder)
        marks.append(("tasks.yaml", clock()))
        book = load_book(folder)
        book.source()  # the summaries merged: done when a standing first asks
        marks.append(("progress files", clock()))
        from minning_cli.figures.status import compute_status, filter_report

        report = compute_status(book, dt.date(2023, 12, 31))
        marks.append(("compute", clock()))
        from minning_cli.views.render_json import print_json

        print_json(filter_report(report, None, None), io.StringIO())
        marks.append(("JSON", clock()))
    stages = {
        name: round(marks[i][1] - marks[i - 1][1], 4) for i, (name, _) in enumerate(marks) if i
    }
    # load_book reads tasks.yaml again (from the cache): count it once, under tasks.yaml.
    print(json.dumps({"stages": stages, "summarised": book.summarised}))


if __name__ == "__main__":
    main()
