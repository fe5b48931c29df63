"""Figures computed from a loaded ledger: pure, data in and data out.

``status`` (the one standing every view reads), ``calls`` (whom to phone), ``review`` with
``ledger_diff`` and ``standing_diff`` (what changed between two versions), ``report`` (the
month's report as data), ``entry_log`` (entries as plain rows).
"""
