"""Questions on a terminal: asked on stdout, answers read with ``input()``, a wrong answer
said and asked again; the checks the conversation's answers share."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from rich.cells import cell_len

from ..text.amounts import parse_amount
from ..text.errors import MinningError

T = TypeVar("T")
NO = {"n", "no", "否", "不", "不是"}
YES = {"y", "yes", "是", "对", "好"}


class Asker:
    """Asks questions on stdout and reads answers from stdin, asking again when wrong."""

    def __init__(self) -> None:
        self.terminal = sys.stdin.isatty() and sys.stdout.isatty()

    def say(self, text: str) -> None:
        """One line of output between questions."""
        print(text, flush=True)

    def say_words(self, head: str, words: Sequence[str]) -> None:
        """``head`` then ``words`` separated by a wide space, wrapped only between words at the
        terminal's width (a row's name never split), later lines indented under the first."""
        width = shutil.get_terminal_size().columns
        indent = " " * min(cell_len(head), width // 2)
        line = head
        for number, word in enumerate(words):
            joined = line + ("　" if number else "") + word
            if number and cell_len(joined) > width:
                self.say(line)
                joined = indent + word
            line = joined
        self.say(line)

    def ask(
        self,
        label: str,
        check: Callable[[str], T],
        *,
        default: str | None = None,
        complete: Callable[[str], list[str]] | None = None,
    ) -> T:
        """Ask until ``check`` accepts the answer (an empty answer means ``default``)."""
        shown = f"{label}［{default}］：" if default else f"{label}："
        while True:
            with self._completion(complete):
                answer = input(shown).strip()
            if not answer and default is not None:
                answer = default
            try:
                return check(answer)
            except MinningError as exc:
                self.say(f"  {exc}；请重新输入")

    def confirm(self, question: str, default: bool) -> bool:
        """A yes/no question: ``[Y/n]`` or ``[y/N]``; anything else is asked again."""
        suffix = "［Y/n］" if default else "［y/N］"

        def check(answer: str) -> bool:
            word = answer.lower()
            if not word:
                return default
            if word in YES:
                return True
            if word in NO:
                return False
            raise MinningError("请回答 y（是）或 n（否）")

        return self.ask(question + suffix, check)

    @contextmanager
    def _completion(self, complete: Callable[[str], list[str]] | None) -> Iterator[None]:
        if not (self.terminal and complete):
            yield
            return
        import readline

        matches: list[str] = []

        def completer(text: str, state: int) -> str | None:
            if state == 0:
                matches[:] = complete(readline.get_line_buffer())
            return matches[state] if state < len(matches) else None

        old = readline.get_completer()
        readline.set_completer_delims("")
        readline.parse_and_bind("tab: complete")
        # Never readline's English "Display all 120 possibilities? (y or n)" or its pager.
        readline.parse_and_bind("set completion-query-items -1")
        readline.parse_and_bind("set page-completions off")
        readline.set_completer(completer)
        try:
            yield
        finally:
            readline.set_completer(old)


def amount_check(measure: str, required: bool) -> Callable[[str], str | None]:
    """A check that an answer reads as an amount in ``measure``; the answer is kept as typed."""

    def check(typed: str) -> str | None:
        if not typed and not required:
            return None
        parse_amount(needed(typed, "数额"), measure)
        return typed

    return check


def needed(typed: str, what: str) -> str:
    if not typed.strip():
        raise MinningError(f"{what}不能为空")
    return typed
