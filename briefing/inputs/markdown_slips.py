"""Markdown that was meant as a link but is published as something else.

The checker reads pages with markdown-it (CommonMark); what markdown-it leaves
as literal text is looked at here for the shapes of a link typed slightly
wrong: ``[text](page.md`` with no ``)``, ``[text] (page.md)``,
``[text(page.md)``, ``(page.md)[text]`` and an address with a space in it.
The site's own Markdown (Python-Markdown) publishes each of them as literal
text too, or as a link to an address with a space or line break in it: not a
valid address, and one the checker cannot check, as markdown-it sees no link
(``tests/inputs/test_markdown_slips.py`` compares the two readers).

Every message is one string with named placeholders, so that it can be
translated whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from briefing.diagnostics import N_, Message

# What an editor links to: a page of the briefing, an image beside it, or an address.
TARGET = (
    r"(?:https?://|mailto:)[^\s()]+"
    r"|[^\s()\[\]]*\.(?:md|jpe?g|png|gif|svg|webp)(?:#[^\s()]*)?"
)
LABEL = r"[^\[\]\n]{1,200}"
OPENED = re.compile(rf"!?\[({LABEL})\]\(")
SPACED = re.compile(rf"\[({LABEL})\][ \t]+\(({TARGET})\)")
UNOPENED = re.compile(rf"\[([^\[\]()\n]{{1,200}})\(({TARGET})\)")
REVERSED = re.compile(rf"\(({TARGET})\)\[({LABEL})\]")
SHOWN_CHARS = 60  # of an address or a label quoted in a message

NOT_CLOSED = N_("link '[{label}]({address}' is not closed: ')' must follow the address")
NOT_CLOSED_HINT = N_("write [{label}]({address})")
ADDRESS_WITH_SPACE = N_("link address '{address}' contains a space")
ADDRESS_WITH_SPACE_HINT = Message(
    "close the link with ')' right after the address; a space inside an address is written %20"
)
SPACE_BEFORE_ADDRESS = N_(
    "'[{label}] ({target})' is not a link: a space separates ']' from '(' "
    "and the page shows it as typed"
)
MISSING_BRACKET = N_(
    "'[{label}({target})' is not a link: ']' is missing before '(' and the page shows it as typed"
)
REVERSED_LINK = N_(
    "'({target})[{label}]' is not a link: the address comes before the text "
    "and the page shows it as typed"
)
LINK_HINT = N_("write [{label}]({target})")


@dataclass(frozen=True)
class Slip:
    """A mistake found in a block's literal text."""

    needle: str  # the text as the page has it (up to the end of its line), to find its place
    point: int  # where in ``needle`` the column points
    message: str
    hint: str


def link_slips(children: list[Token]) -> list[Slip]:
    """Links typed wrong in one block, from markdown-it's inline tokens
    (``children`` of an ``inline`` token)."""
    plain, literal = _joined(children)
    if "[" not in plain:
        return []
    found: list[tuple[int, Slip]] = []
    for match in OPENED.finditer(plain):
        if _within(literal, match.start(), match.end()):
            slip = _opened(match, plain)
            if slip is not None:
                found.append((match.start(), slip))
    for pattern, message in (
        (SPACED, SPACE_BEFORE_ADDRESS),
        (UNOPENED, MISSING_BRACKET),
        (REVERSED, REVERSED_LINK),
    ):
        for match in pattern.finditer(plain):
            if not _within(literal, match.start(), match.end()):
                continue
            label, target = match.groups() if pattern is not REVERSED else match.groups()[::-1]
            values = {"label": _short(label), "target": _short(target)}
            found.append(
                (
                    match.start(),
                    Slip(
                        _first_line(match.group()),
                        0,
                        Message(message, **values),
                        Message(LINK_HINT, **values),
                    ),
                )
            )
    return [slip for _start, slip in sorted(found, key=lambda item: item[0])]


def _opened(match: re.Match[str], plain: str) -> Slip | None:
    """``[label](`` left as text: the address runs into a space, a line break or the end."""
    rest = plain[match.end() :]
    address = re.split(r"[\s)\0]", rest, maxsplit=1)[0]
    after = rest[len(address) :]
    if after and after[0] not in " \t\n":
        return None  # closed, yet not a link for another reason (markdown-it's own rules)
    label = _short(match.group(1))
    needle = plain[match.start() : match.end()]
    spaced = re.match(r"[ \t]+[^\s()\[\]\0]+(?:[ \t]+[^\s()\[\]\0]+)*\)", after)
    if address and spaced:  # a space inside the address, closed on the same line
        return Slip(
            needle,
            len(needle),
            Message(ADDRESS_WITH_SPACE, address=_short(address + spaced.group()[:-1])),
            ADDRESS_WITH_SPACE_HINT,
        )
    # "[정상회담](summit-2021.md은 …": a Korean particle written onto the address
    target = re.match(TARGET, address)
    values = {"label": label, "address": _short(target.group() if target else address)}
    return Slip(
        needle, len(needle), Message(NOT_CLOSED, **values), Message(NOT_CLOSED_HINT, **values)
    )


def _joined(children: list[Token]) -> tuple[str, list[tuple[int, int]]]:
    """The block's text with line breaks, and the spans of it that are literal text."""
    parts: list[str] = []
    literal: list[tuple[int, int]] = []
    at = 0
    for child in children:
        if child.type == "text":
            literal.append((at, at + len(child.content)))
            parts.append(child.content)
            at += len(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            literal.append((at, at + 1))
            parts.append("\n")
            at += 1
        else:
            # anything else (a real link, code, emphasis) stands between literal runs
            parts.append("\0")
            at += 1
    return "".join(parts), _merged(literal)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def _short(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
