"""The one way in: entries appended under the lock (``write``), built from what a person
typed (``record``, ``importer``), a new ledger (``init``), an exported workbook saved
(``export_file``). Every file goes through ``text.atomic``.
"""
