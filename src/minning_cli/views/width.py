"""Tables that fit the terminal they are printed on, from 80 columns (half a screen) up.

Rich shares out a table's width by squeezing whatever can wrap, and Chinese text can wrap
anywhere: at 80 columns a unit name splits ("鼓西/街道"), a row's name stacks one character
a line, and a column with nothing to wrap is dropped. Here each view says instead what
every column needs and which to give up first:

- a *fixed* column is as wide as its widest line and never wraps (unit names, dates, ids,
  figures, status words), so a name is never split inside a word;
- a *growing* column (notes, what to ask) wraps, and shares out what the fixed ones leave,
  never narrower than its ``least``;
- when even that does not fit, the column with the highest ``drop`` number goes first
  (0: never).

``Fitted`` builds a view for the width it is printed at, so a table knows its width without
the caller passing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

# A section break between two rows of ``fitted_table``.
SECTION = None


class Fitted:
    """A renderable built when it is printed, for the width it is printed at."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Build for ``options.max_width`` and render that."""
        yield self.build(options.max_width)


@dataclass
class Column:
    """What a column needs: see the module's docstring."""

    header: str
    drop: int = 0
    grow: int = 0
    least: int = 8
    justify: JustifyMethod = "left"
    footer: Text | str = ""
    cells: list[Text] = field(default_factory=list)

    def natural(self) -> int:
        """Its widest line: a header, a footer or a cell."""
        texts = [self.header, _plain(self.footer), *(cell.plain for cell in self.cells)]
        return max((cell_len(line) for text in texts for line in text.split("\n")), default=0)

    def need(self) -> int:
        """The fewest cells it can be shown in."""
        natural = self.natural()
        return min(natural, max(self.least, _widest_word(self.header))) if self.grow else natural


def _plain(text: Text | str) -> str:
    return text.plain if isinstance(text, Text) else text


def _widest_word(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def overhead(columns: int, edge: bool = True) -> int:
    """Cells a ``fitted_table`` of this many columns takes beyond its columns' widths: two
    spaces between columns, and (``edge``) one either side."""
    return 2 * columns - (0 if edge else 2)


def widths(columns: Sequence[Column], width: int, edge: bool = True) -> list[int | None]:
    """Each column's width in ``width`` cells, or None for a column left out."""
    kept = [True] * len(columns)
    needs = [column.need() for column in columns]

    def used() -> int:
        return sum(n for n, k in zip(needs, kept, strict=True) if k) + overhead(sum(kept), edge)

    while used() > width:
        droppable = [i for i, c in enumerate(columns) if kept[i] and c.drop]
        if not droppable:
            break
        # The highest drop number first; of two alike, the one further right.
        kept[max(droppable, key=lambda i: (columns[i].drop, i))] = False
    shown: list[int | None] = [n if k else None for n, k in zip(needs, kept, strict=True)]
    spare = width - used()
    growing = [i for i, c in enumerate(columns) if kept[i] and c.grow]
    # Share out the spare cells by weight, none past its widest line; repeat while some are full.
    while spare > 0 and growing:
        weight = sum(columns[i].grow for i in growing)
        given = 0
        for i in growing:
            current = shown[i] or 0
            share = max(1, spare * columns[i].grow // weight)
            more = min(share, columns[i].natural() - current, spare - given)
            shown[i] = current + more
            given += more
        spare -= given
        growing = [i for i in growing if (shown[i] or 0) < columns[i].natural()]
        if not given:
            break
    return shown


def fill(columns: Sequence[Column], rows: Sequence[Sequence[RenderableType] | None]) -> None:
    """Give each column its cells from ``rows``, so that its widths can be measured."""
    for column in columns:
        column.cells = []
    for row in rows:
        if row is not None:
            for column, value in zip(columns, row, strict=True):
                column.cells.append(value if isinstance(value, Text) else Text(str(value)))


def fitted_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[RenderableType] | None],
    width: int,
    *,
    title: str | None = None,
    caption: str | None = None,
    show_lines: bool = False,
    edge: bool = True,
) -> Table:
    """A table of ``rows`` (one renderable per column; ``SECTION`` for a rule between two
    groups) in at most ``width`` cells, columns chosen and sized by ``widths``; without
    ``edge``, no blank line above and below, nor space either side."""
    fill(columns, rows)
    sizes = widths(columns, width, edge)
    table = Table(
        title=title,
        caption=caption,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        show_lines=show_lines,
        show_edge=edge,
        min_width=min(width, cell_len(title) + 2) if title else None,  # a title on one line
        show_footer=any(_plain(c.footer) for c in columns),
    )
    for column, size in zip(columns, sizes, strict=True):
        if size is None:
            continue
        table.add_column(
            column.header,
            footer=column.footer,
            justify=column.justify,
            width=size,
            no_wrap=not column.grow,
            overflow="fold" if column.grow else "ellipsis",
        )
    keep = [i for i, size in enumerate(sizes) if size is not None]
    for row in rows:
        if row is None:
            table.add_section()
            continue
        table.add_row(*[row[i] for i in keep])
    return table


def fits(
    columns: Sequence[Column], rows: Sequence[Sequence[RenderableType] | None], width: int
) -> bool:
    """Whether every column can be shown at its least in ``width`` cells."""
    fill(columns, rows)
    return sum(c.need() for c in columns) + overhead(len(columns)) <= width


NAME_CELLS = 18  # a unit's name longer than this is put on two lines, at a word's end
# Where a unit's name may go onto a new line: after a place (鼓东街道|公正经合社), before
# what a company is (福州定有福电子商务|有限公司).
_NAME_BREAK = re.compile(
    r"(?<=街道|社区)(?=.)|(?<=[镇乡村])(?=.)|(?=经合社$|合作社$|有限责任公司$|有限公司$|电子商务)"
)


def name_text(name: str, cells: int = NAME_CELLS) -> Text:
    """A unit's name as a table shows it: whole on one line when it fits ``cells``, else on
    lines broken only where a word ends (the next lines indented), never inside a word."""
    if cell_len(name) <= cells:
        return Text(name)
    words = [w for w in _NAME_BREAK.split(name) if w]
    lines = [""]
    for word in words:
        if lines[-1] and cell_len(lines[-1] + word) + (2 if len(lines) > 1 else 0) > cells:
            lines.append("")
        lines[-1] += word
    return Text("\n  ".join(lines))
