"""Split an ``index.md`` into its header fields (with line numbers) and body.

We parse the header ourselves instead of using Python-Markdown's ``meta``
extension because every message to an editor must name the line, and because
Pelican's own metadata processors raise on a bad date before we could explain it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^(?: {4}|\t)(?P<value>.*)$")
# Characters that break XML feeds and terminals; \t \n \r are legitimate.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class HeaderField:
    key: str  # lower-case
    name: str  # as written, for messages
    value: str
    line: int


@dataclass
class FrontMatter:
    fields: list[HeaderField] = field(default_factory=list)
    body: str = ""
    body_first_line: int = 1
    # (line, text) of header lines that are not `Field: value`
    malformed: list[tuple[int, str]] = field(default_factory=list)

    def first(self, key: str) -> HeaderField | None:
        return next((f for f in self.fields if f.key == key), None)

    def all(self, key: str) -> list[HeaderField]:
        return [f for f in self.fields if f.key == key]


def strip_control_characters(text: str) -> str:
    return _CONTROL.sub("", text)


def parse_front_matter(text: str) -> FrontMatter:
    """Parse ``Field: value`` lines up to the first blank line."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # Not splitlines(): it also breaks on \x0b, \x0c and \x1c-\x1e, which
    # text pasted from Word carries, and that would shift every line number.
    lines = text.split("\n")
    result = FrontMatter()
    index = 0
    while index < len(lines):
        raw = lines[index]
        number = index + 1
        if not raw.strip():
            index += 1
            break
        continuation = _CONTINUATION.match(raw)
        match = _FIELD.match(raw)
        if continuation and result.fields:
            previous = result.fields[-1]
            previous.value = f"{previous.value} {continuation['value'].strip()}".strip()
        elif match:
            result.fields.append(
                HeaderField(
                    key=match["key"].lower(),
                    name=match["key"],
                    value=match["value"].strip(),
                    line=number,
                )
            )
        elif not result.fields:
            # No header at all: the whole file is body.
            index = 0
            break
        else:
            result.malformed.append((number, raw))
        index += 1
    result.body_first_line = index + 1
    result.body = "\n".join(lines[index:])
    return result
