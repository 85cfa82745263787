"""Split a Wilson document's text into blocks: speaker turns, paragraphs, notes.

The input is a list of paragraphs as printed.  The output keeps every word;
what changes is structure:

- a paragraph that opens with a speaker label (``K. TANAKA.``,
  ``L.I. BREZHNEV and A.A. GROMYKO.``, ``MAO ZEDONG:``, ``Comrade Kim:``)
  starts a ``turn`` block; paragraphs without a label continue the turn,
- a line broken in the middle of a sentence (no end punctuation, next line
  starts in lower case) is joined to the line before with a space,
- trailing ``[1] ...`` paragraphs become notes, linked to their markers,
- closing lines (``The conversation was recorded by ...``) and signatures
  end the dialogue and stay in the text,
- HTML remnants such as ``<mark>[2]</mark>`` are reduced to their text.

Speaker keys are the surname in upper case when the label has initials
(``L.I. BREZHNEV`` -> ``BREZHNEV``), otherwise the label without titles
(``MAO ZEDONG:`` -> ``MAO ZEDONG``, ``The President:`` -> ``PRESIDENT``).
A joint turn has ``speakers`` = every key and ``speaker`` = the keys joined
with ``+`` (``BREZHNEV+GROMYKO``), so per-speaker counts keep joint turns apart.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from legation.model import Block, Note, Participant

UP = "A-ZÀ-ÖØ-ÞА-ЯЁ"
LO = "a-zß-öø-ÿа-яё"

_TITLE_WORDS = [
    "General Secretary", "Prime Minister", "Vice President", "Foreign Minister", "Deputy Minister",
    "Comrade", "Com.", "Tov.", "Tovarishch", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "General",
    "President", "Chairman", "Premier", "Ambassador", "Secretary", "Minister", "Marshal", "Sir", "Lord",
    "Chancellor", "Товарищ", "Тов.", "Господин", "Г-н",
]
_TITLE = "(?i:" + "|".join(re.escape(t) for t in sorted(_TITLE_WORDS, key=len, reverse=True)) + ")"
_INIT = rf"(?:[{UP}]\.\s?){{1,3}}"
# words are atomic groups: a name never backtracks into its own letters (no catastrophic backtracking)
_UPWORD = rf"(?>[{UP}][{UP}'’\-]+)"
_CAPWORD = rf"(?>[{UP}][{LO}][{LO}{UP}'’\-]*)"

_SPEC_INIT = rf"(?:{_TITLE}\s+)?{_INIT}\s?(?:{_UPWORD}|{_CAPWORD})"
_SPEC_UP = rf"(?:{_TITLE}\s+)?{_UPWORD}(?:\s{_UPWORD}){{0,3}}"
_SPEC_CAP = rf"(?:(?:{_TITLE}|The)\s+)?{_CAPWORD}(?:[\s\-]{_CAPWORD}){{0,3}}"
_JOIN = r"\s*(?:,|\band\b|&|\bи\b)\s*"


def _joint(spec: str) -> str:
    return rf"(?>{spec})(?:{_JOIN}(?>{spec}))*"


_FORMS: list[tuple[re.Pattern[str], str]] = [
    # initials + surname, period or colon: K. TANAKA.  K.TANAKA.  L.I. BREZHNEV and A.A. GROMYKO.
    (re.compile(rf"^(?P<label>{_joint(_SPEC_INIT)})\s*(?P<p>[.:])\s+(?P<rest>\S.*)$", re.S), "init"),
    # upper-case name + colon: MAO ZEDONG:  KISSINGER:
    (re.compile(rf"^(?P<label>{_joint(_SPEC_UP)})\s*(?P<p>:)\s+(?P<rest>\S.*)$", re.S), "upcolon"),
    # mixed-case name + colon: Mao Zedong:  Comrade Kim Il Sung:  The President:
    (re.compile(rf"^(?P<label>{_joint(_SPEC_CAP)})\s*(?P<p>:)\s+(?P<rest>\S.*)$", re.S), "capcolon"),
    # upper-case name + period: TANAKA. Yes.
    (re.compile(rf"^(?P<label>{_joint(_SPEC_UP)})(?P<p>\.)\s+(?P<rest>[{UP}\"“«\[(].*)$", re.S), "upperiod"),
]

_STOP_KEYS = {
    "SUBJECT", "SUBJ", "PARTICIPANTS", "PARTICIPANT", "PLACE", "DATE", "TIME", "NOTE", "NOTES", "SUMMARY",
    "TO", "FROM", "CC", "RE", "REF", "SECRET", "CONFIDENTIAL", "TOP SECRET", "STRICTLY SECRET", "PRESENT",
    "ALSO PRESENT", "ATTACHMENT", "ENCLOSURE", "COPY", "COMMENT", "TAGS", "DISTRIBUTION", "AGENDA", "ITEM",
    "CLASSIFICATION", "MEMORANDUM", "RECORD", "SOURCE", "CITATION", "CONTENTS", "ORIGINAL LANGUAGE",
    "TRANSLATION", "QUESTION", "ANSWER", "HERE", "LOCATION", "INTRODUCTION", "CONCLUSION", "CONCLUSIONS",
    "BACKGROUND", "RECOMMENDATION", "RECOMMENDATIONS", "DECISION", "ACTION", "PS", "NB", "ATTENTION",
    "DRAFT", "SEE", "PAGE", "TELEGRAM", "CABLE", "END", "RESOLUTION", "ANNEX", "APPENDIX", "PART",
    "ARTICLE", "SECTION", "CHAPTER", "TOPIC", "TOPICS", "RESULT", "RESULTS", "THE", "PROPOSAL",
}
_STRONG = {"init", "upcolon", "titlecolon"}

_HTML_TAG = re.compile(
    r"</?(?:mark|em|strong|b|i|u|s|span|sup|sub|small|font|a|p|div|br|hr)\b[^<>]*/?>", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_NOTE_LINE = re.compile(r"^\[(\d{1,3})\]\s*(\S.*)$", re.S)
_MARKER = re.compile(r"\[(\d{1,3})\]")
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+\S")
_TERMINAL = tuple('.!?:;…"”»)]\'’')
_FUNCTION_WORDS = {
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "that",
    "which", "who", "as", "but", "not", "be", "is", "are", "was", "were", "this", "these", "its", "their",
    "his", "her", "our", "would", "will", "could", "should", "had", "has", "have", "into", "than",
}
_CLOSING = re.compile(
    r"^(?:(?:the\s+)?(?:conversation|record|memorandum|minutes|talks?|notes?)\b[^.]{0,40}?\b"
    r"(?:was|were)\s+(?:recorded|written|prepared|taken|compiled|interpreted|translated)\s+by\b"
    r"|(?:recorded|written down|notes? taken|prepared|interpreted)\s+by\b"
    r"|(?:беседу|запись|записал|беседа)\s+(?:записал|вел|вёл|переводил|составил|записана|переводил[аи]?)\b)",
    re.I,
)
_ROLE_WORDS = (("interpret", "interpreter"), ("переводил", "interpreter"), ("translat", "interpreter"))
_VALEDICTION = re.compile(r"^(?:yours|sincerely|faithfully|respectfully|with (?:best|kind|warm)|"
                          r"с уважением|с коммунистическим приветом)", re.I)
_NAME_ONLY = re.compile(rf"^\(?\s*(?:{_INIT}\s?)?[{UP}][\w'’.\- ]{{1,40}}\)?$")
_INIT_NAME_END = re.compile(rf"(?P<name>{_INIT}\s?[{UP}][{LO}{UP}'’\-]+)\s*\.?\s*$")


@dataclass
class BodyResult:
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    signer: str = ""
    participants: list[Participant] = field(default_factory=list)
    recorder_titles: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def strip_html(text: str) -> str:
    """Remove HTML tag remnants (``<mark>``, ``<em>``...) and decode character references."""
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def clean_paragraph(text: str) -> str:
    """HTML remnants out, wide column gaps to line breaks, runs of spaces to one."""
    text = strip_html(text).replace("\u00a0", " ")
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t]{5,}", "\n", line.strip())
        lines.append(re.sub(r"[ \t]{2,}", " ", line))
    return "\n".join(x for x in "\n".join(lines).split("\n") if x.strip()).strip()


def speaker_key(name: str) -> str:
    """``L.I. BREZHNEV`` -> ``BREZHNEV``; ``Comrade Mao Zedong`` -> ``MAO ZEDONG``; ``The President`` -> ``PRESIDENT``."""
    s = name.strip()
    title = ""
    while True:
        m = re.match(rf"^(?:{_TITLE}|The|the)\s+", s)
        if not m:
            break
        title = m.group(0).strip()
        s = s[m.end():]
    has_init = re.match(_INIT, s) is not None
    s = re.sub(rf"^{_INIT}\s?", "", s).strip()
    if not s:
        return title.rstrip(".").upper()
    if has_init:
        return s.split()[-1].upper()
    return s.upper()


@dataclass
class _Candidate:
    label: str
    keys: list[str]
    form: str
    rest: str


_LABEL_WINDOW = 160  # a speaker label sits at the start of its paragraph


def _candidate(para: str) -> _Candidate | None:
    head = para[:_LABEL_WINDOW]
    for rx, form in _FORMS:
        m = rx.match(head)
        if not m:
            continue
        label = m.group("label").strip()
        names = [n for n in re.split(_JOIN, label) if n.strip()]
        keys = [speaker_key(n) for n in names]
        if not keys or any(not k or k in _STOP_KEYS for k in keys):
            continue
        if form == "init" and m.group("p") == "." and any(re.search(f"[{LO}]", n.split()[-1]) for n in names):
            form = "initcap"  # L.I. Brezhnev. -- plausible, but needs support
        if form == "capcolon" and re.match(rf"^{_TITLE}\s", label):
            form = "titlecolon"  # Comrade Kim Il Sung:
        return _Candidate(label=para[: m.end("p")].strip(), keys=keys, form=form, rest=para[m.start("rest"):].strip())
    return None


def detect_turns(paras: list[str]) -> list[_Candidate | None]:
    """A speaker candidate per paragraph, kept only when the document supports it.

    Strong labels (initials + SURNAME, upper-case name + colon, a title + name + colon) count when
    the document is a dialogue (a strong key repeats and there are 3+ strong labels) or the key
    repeats; weak labels (``TANAKA.``, ``Kissinger:``) only when their key repeats.
    """
    cands = [_candidate(p) for p in paras]
    counts: Counter[str] = Counter(k for c in cands if c for k in c.keys)
    strong = [c for c in cands if c and c.form in _STRONG]
    dialogue = len(strong) >= 3 and any(counts[k] >= 2 for c in strong for k in c.keys)
    out: list[_Candidate | None] = []
    for c in cands:
        if c is None:
            out.append(None)
        elif all(counts[k] >= 2 for k in c.keys) or (c.form in _STRONG and dialogue):
            out.append(c)
        else:
            out.append(None)
    return out


def continues(prev: str, nxt: str) -> bool:
    """Is ``nxt`` the rest of a sentence that a line break cut in ``prev``?"""
    prev, nxt = prev.rstrip(), nxt.lstrip()
    if not prev or not nxt or prev.endswith(_TERMINAL) or prev.endswith(","):
        return bool(prev and nxt and prev.endswith(",") and nxt[0].islower())
    if nxt[0].islower():
        return True
    last = prev.split()[-1].lower()
    return last in _FUNCTION_WORDS and nxt[0].isalpha()


def _split_notes(paras: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Trailing paragraphs that start ``[n]`` are notes (several may share a paragraph, one a line)."""
    notes: list[tuple[str, str]] = []
    while paras:
        lines = [x.strip() for x in paras[-1].split("\n") if x.strip()]
        if not lines or not _NOTE_LINE.match(lines[0]):
            break
        group: list[tuple[str, str]] = []
        for x in lines:
            m = _NOTE_LINE.match(x)
            if m:
                group.append((m.group(1), m.group(2).strip()))
            else:
                group[-1] = (group[-1][0], group[-1][1] + " " + x)
        notes[0:0] = group
        paras = paras[:-1]
    return paras, notes


def _closing_participant(text: str) -> tuple[Participant, str] | None:
    low = text.lower()
    role = "recorder"
    for word, r in _ROLE_WORDS:
        if word in low:
            role = r
            break
    m = _INIT_NAME_END.search(text)
    if m:
        name = m.group("name").strip()
        before = text[: m.start()]
        t = re.search(r"\bby\s+(?:the\s+)?(.*)$", before, re.I)
        return Participant(name=name, role=role), (t.group(1).strip(" ,") if t else "")
    m2 = re.search(r"(?:\bby\b|записал|переводил[аи]?|вёл|вел|составил)\s+(.{2,40}?)\s*\.?$", text, re.I)
    if m2:
        return Participant(name=m2.group(1).strip(), role=role), ""
    return None


def _is_heading(text: str) -> bool:
    words = re.split(r"[\s,]+", text[:400])
    run = 0
    for w in words:
        run = run + 1 if len(w) >= 2 and re.fullmatch(rf"[{UP}][{UP}\-]+", w) else 0
        if run >= 3:
            return True
    if re.fullmatch(r"(?:\w ){3,}\w(?:\s.*)?", text):  # letter-spaced M e m o r a n d u m
        return True
    one_line = "\n" not in text
    return (one_line and len(text) <= 90 and len(text.split()) <= 10 and not text.endswith((*_TERMINAL, ","))
            and text[:1].isupper() and not _NUMBERED.match(text))


def build_body(raw_paras: list[str]) -> BodyResult:
    """Turn printed paragraphs into blocks, notes, signer and closing-line participants."""
    res = BodyResult()
    paras = [p for p in (clean_paragraph(x) for x in raw_paras) if p]
    paras, notes = _split_notes(paras)
    sig = _signature(paras, res)
    sig_from = min(sig) if sig else len(paras)
    cands = detect_turns(paras[:sig_from])
    build = _BlockBuilder(res=res, has_turns=any(cands))
    for i, para in enumerate(paras):
        build.add(para, cands[i] if i < sig_from else None, signature=i in sig)
    res.blocks = build.blocks
    _anchor_notes(res, notes)
    return res


def _signature(paras: list[str], res: BodyResult) -> set[int]:
    """Indexes of the signature paragraphs at the end (valediction + name, or a bare name); sets the signer."""
    sig: set[int] = set()
    for i in range(max(0, len(paras) - 4), len(paras)):
        if _VALEDICTION.match(paras[i]) and len(paras[i]) < 80:
            sig.add(i)
            if i + 1 < len(paras) and len(paras[i + 1]) <= 60:
                res.signer = paras[i + 1].strip()
                sig.add(i + 1)
            return sig
    if paras and _is_bare_name(paras[-1]):
        # a bare name such as "(Bitterlich)" / "Н. Рощин"
        last = paras[-1]
        m_name = _INIT_NAME_END.search(last)
        res.signer = m_name.group("name").strip() if m_name else last.strip("() .")
        sig.add(len(paras) - 1)
        prev = paras[-2] if len(paras) > 1 else ""
        if prev and len(prev) <= 60 and not prev.endswith(_TERMINAL) and not _candidate(prev):
            sig.add(len(paras) - 2)
    return sig


def _is_bare_name(last: str) -> bool:
    return (len(last) <= 40 and bool(_NAME_ONLY.match(last)) and not _candidate(last)
            and bool(_INIT_NAME_END.search(last) or last.startswith("(")))


@dataclass
class _BlockBuilder:
    """Paragraphs -> blocks: speaker turns (with the paragraphs that continue them), headings, paragraphs."""

    res: BodyResult
    has_turns: bool
    blocks: list[Block] = field(default_factory=list)
    turn_no: int = 0
    in_turn: bool = False

    def add(self, para: str, cand: _Candidate | None, *, signature: bool) -> None:
        if signature:
            self.blocks.append(Block(kind="signature", text=para))
            self.in_turn = False
        elif cand is not None:
            self.turn_no += 1
            self.blocks.append(Block(n=self.turn_no, kind="turn", speaker=joint_key(cand.keys),
                                     speakers=list(cand.keys), speaker_label=cand.label, text=cand.rest))
            self.in_turn = True
        elif _CLOSING.match(para):
            self._closing(para)
        elif not self._continued(para):
            self.blocks.append(self._plain(para))

    def _closing(self, para: str) -> None:
        """A closing line ("Recorded by ..."): a paragraph, and its recorder a participant."""
        self.blocks.append(Block(kind="paragraph", text=para))
        self.in_turn = False
        got = _closing_participant(para)
        if got:
            self.res.participants.append(got[0])
            if got[1]:
                self.res.recorder_titles[got[0].name] = got[1]

    def _continued(self, para: str) -> bool:
        """Join ``para`` to the block before (a sentence cut by a line break, or the rest of a turn)."""
        blocks = self.blocks
        if blocks and blocks[-1].kind in ("turn", "paragraph", "heading") and continues(blocks[-1].text, para):
            blocks[-1].text = blocks[-1].text.rstrip() + " " + para
            return True
        if self.in_turn:
            blocks[-1].text = blocks[-1].text + "\n\n" + para
            return True
        return False

    def _plain(self, para: str) -> Block:
        if self.has_turns and self.turn_no == 0:
            return Block(kind="heading", text=para)  # what stands before the first turn of a dialogue
        m = _NUMBERED.match(para)
        if m:
            return Block(n=int(m.group(1)), kind="paragraph", text=para)
        return Block(kind="heading" if _is_heading(para) else "paragraph", text=para)


def _anchor_notes(res: BodyResult, notes: list[tuple[str, str]]) -> None:
    """The notes, each with its anchor: the marker with the word it is attached to ("1973[1]", "[...][2]")."""
    known = {n for n, _ in notes}
    anchors: dict[str, str] = {}
    for b in res.blocks:
        for m in _MARKER.finditer(b.text):
            n = m.group(1)
            if n in known and n not in anchors:
                anchors[n] = _marker_anchor(b.text, m)
            elif n not in known and notes:
                res.warnings.append(f"footnote marker [{n}] has no note text")
    for n, text in notes:
        res.notes.append(Note(n=n, text=text, anchor=anchors.get(n, "")))
        if n not in anchors:
            res.warnings.append(f"note [{n}] is not referenced from the text")


def _marker_anchor(text: str, m: re.Match[str]) -> str:
    start = m.start()
    while start > 0 and not text[start - 1].isspace() and m.start() - start < 40:
        start -= 1
    return text[start: m.end()]


def joint_key(keys: list[str]) -> str:
    """The ``speaker`` of a turn: the key, or ``BREZHNEV+GROMYKO`` for a joint turn (``speakers`` lists each)."""
    return "+".join(keys)


def reading_text(blocks: list[Block], notes: list[Note]) -> str:
    """The clean reading text: one paragraph per block (turns with their label), then the notes."""
    parts: list[str] = []
    for b in blocks:
        parts.append(f"{b.speaker_label} {b.text}" if b.kind == "turn" and b.speaker_label else b.text)
    parts.extend(f"[{n.n}] {n.text}" for n in notes)
    return "\n\n".join(p for p in parts if p.strip())
