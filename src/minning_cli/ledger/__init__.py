"""The ledger: its model, the kinds of row, and loading and checking it.

``model`` (the schema: frozen dataclasses; ``constraints``, ``validation`` check a changed
file through pydantic, ``rebuild`` gives it back from the cache without), ``kinds`` (what a row can hold: one class per kind),
``pacing`` and ``actuals`` (how figures combine and stand), ``book`` (the loaded ledger),
``load`` with ``datadir``, ``tasks_file``, ``progress``, ``schema_errors``, ``cache`` and
``gitread`` (reading), ``validate`` (cross-record rules), ``names`` and ``resolve`` (what a
person typed). Nothing here prints or imports typer, rich or openpyxl.
"""
