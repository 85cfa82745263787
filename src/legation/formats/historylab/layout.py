"""Laying out History Lab cable bodies: numbered paragraphs, labels, signature, furniture lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from legation.model import Block

_PARA_NO = re.compile(r"^[\"'(]?(\d{1,2})\s*[.)]\)?(?:\s|$)")
_LABEL = re.compile(r"^(?:\d{1,2}\s*[.)]\s*)?(?:BEGIN\s+)?(COMMENT|SUMMARY)\b")
_SIGNER = re.compile(r"^(?:SIGNED\s+)?([A-Z][A-Z'\-]+(?:\s+[A-Z][A-Z'\-]+){0,2})$")


_ZCZC = re.compile(r"^[ \t]*(?:NMAF[A-Z]*|[A-Z]*ZCZC[A-Z]*|[A-Z]*VVZCZ)[ \t]*$")


@dataclass
class Laid:
    """Reading text laid out in paragraphs, with a map from input offsets."""

    text: str
    pos: list[int]  # pos[i] = offset in text of input offset i (len(input)+1 entries)
    paragraphs: list[tuple[int, int]]


def lay_out(clean: str, drop_line: Any = None) -> Laid:
    """Paragraphs separated by one blank line, runs of spaces collapsed; only deletions.

    ``drop_line(line) -> bool`` removes furniture lines.  Offsets of the input
    map to the output through ``pos``.
    """
    out: list[str] = []
    size = 0
    pos = [0] * (len(clean) + 1)
    paragraphs: list[tuple[int, int]] = []
    para_start = -1
    pending_break = False
    offset = 0
    for line in clean.split("\n"):
        line_end = offset + len(line)
        stripped = line.strip()
        if not stripped or (drop_line is not None and drop_line(stripped)):
            for i in range(offset, line_end + 1):
                pos[i] = size
            if not stripped:
                pending_break = True
            offset = line_end + 1
            continue
        if out:
            if pending_break:
                paragraphs.append((para_start, size))
                out.append("\n\n")
                size += 2
                para_start = size
            else:
                out.append("\n")
                size += 1
        else:
            para_start = size
        pending_break = False
        lead = len(line) - len(line.lstrip())
        last = len(line.rstrip())
        prev_space = False
        for j, ch in enumerate(line):
            i = offset + j
            pos[i] = size
            if j < lead or j >= last:
                continue
            if ch.isspace():
                if prev_space:
                    continue
                prev_space = True
                out.append(" ")
            else:
                prev_space = False
                out.append(ch)
            size += 1
        pos[line_end] = size
        offset = line_end + 1
    if out:
        paragraphs.append((para_start, size))
    pos[len(clean)] = size
    return Laid("".join(out), pos, paragraphs)


def blocks_from(text: str, paragraphs: list[tuple[int, int]]) -> tuple[list[Block], str]:
    """Blocks of numbered paragraphs; a short upper-case last line is the signature."""
    blocks: list[Block] = []
    signer = ""
    for k, (a, b) in enumerate(paragraphs):
        ptext = text[a:b]
        n_match = _PARA_NO.match(ptext)
        label_match = _LABEL.match(ptext)
        block = Block(n=int(n_match.group(1)) if n_match else None, text=ptext,
                      label=label_match.group(1) if label_match else "")
        if k == len(paragraphs) - 1 and k > 0 and "\n" not in ptext and not n_match:
            sm = _SIGNER.match(ptext.strip())
            if sm:
                block.kind = "signature"
                signer = sm.group(1)
        blocks.append(block)
    return blocks, signer


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def drop_furniture(line: str) -> bool:
    return bool(_ZCZC.match(line))
