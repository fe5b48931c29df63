"""minning: the Gulou district Fujian–Ningxia cooperation ledger (闽宁协作台账).

The package is a pipeline whose stages are its modules:

- ``yamlsource``: YAML text to plain data plus the line and column of every node (no I/O).
- ``load``: the only module that opens files; finds the data folder, reads ``tasks.yaml``
  and ``progress/*.yaml``, and turns every problem into a located ``Problem``.
- ``model``: the pydantic schema of the table (frozen, strict about unknown keys).
- ``validate``: cross-record rules that return problems instead of raising.
- ``names``: resolving what a person types (alias, pinyin, part of a name) to a unit.
- ``render``: rich tables and JSON for people and scripts.
- ``cli``: the typer commands, thin skins over the stages above.
"""

__version__ = "0.1.0"
