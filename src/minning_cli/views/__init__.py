"""What people and scripts read: terminal tables, JSON, CSV, Markdown and the workbook.

Views only read the standing and the ledger; they never write a file (``lint-imports``
holds it). ``formats`` has one table from format to renderer per command; ``labels`` has
every status code and kind in Chinese.
"""
