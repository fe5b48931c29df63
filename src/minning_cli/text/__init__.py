"""Bytes and text to located data: the lowest layer, importing nothing else of minning.

``decode`` (bytes → UTF-8 text with located problems), ``yamlsource`` (YAML → data plus the
line and column of every node), ``fastparse`` (the one-line entries minning writes),
``sourcemap`` (marks), ``amounts`` (exact typed amounts), ``errors`` (``Problem``,
``MinningError``), ``atomic`` (the one way any file is written: stage, fsync, rename).
"""
