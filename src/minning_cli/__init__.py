"""minning: the Gulou district Fujian–Ningxia cooperation ledger (闽宁协作台账).

The package is a pipeline whose stages are its subpackages, each importing only those below
it (the contracts are in ``pyproject.toml``, checked by ``lint-imports``):

- ``cli``: the typer app and one module per group of commands (parse, call, render, exit);
- ``views``: terminal tables, JSON, CSV, Markdown and the workbook, reading the standing;
- ``writing``: the one way entries get into files (record, import, void, init);
- ``figures``: the standing as of a day, the call list, the review, the monthly report;
- ``ledger``: the model, the kinds of row (``ledger.kinds``), pacing, loading and checking;
- ``text``: bytes and YAML text to located data, amounts, errors.
"""

__version__ = "0.1.0"
