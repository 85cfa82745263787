"""Wilson metadata: citation, archive reference, kind, classification, language, participants."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from legation.model import Address, Archive, Entity, Participant

SITE = "https://digitalarchive.wilsoncenter.org"

_URL = re.compile(r"https?://\S+")
DOC_URL_ID = re.compile(r"digitalarchive\.wilsoncenter\.org/document/(?P<id>[\w\-]+)")
_ARCHIVE_NAME = re.compile(
    r"^(?P<date>.*?),\s*(?:Wilson Center Digital Archive|History and Public Policy Program Digital Archive|"
    r"Digital Archive)\b[,.]?\s*(?P<after>.*)$", re.S)
# a sentence ends at ". " unless the period closes a lone initial (M. Zubok) or an abbreviation such as f. / op.
_ABBR_LB = "".join(rf"(?<!\b{a})" for a in ("f", "d", "l", "op", "ll", "No", "no", "vol", "Vol", "p", "pp", "St", "Dr", "Mr"))
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])" + _ABBR_LB + r"\.\s+(?=[A-Z(]|https?://)")
_CREDIT = re.compile(r"^(?:Obtained|Translated|Translation|Contributed|Transcribed|Provided|Published|Included|"
                     r"Edited|Donated|Originally|Document|Courtesy|Made|Reprinted)\b", re.I)


@dataclass
class Citation:
    printed: str = ""
    title: str = ""
    date_text: str = ""
    archive_text: str = ""
    credits: list[str] = field(default_factory=list)
    url: str = ""
    translator: str = ""


def parse_citation(text: str) -> Citation:
    """``"Title", October 9, 1973, Wilson Center Digital Archive, RGANI, fond 80 ... Obtained ... URL``."""
    c = Citation(printed=text.strip())
    s = c.printed
    m = _URL.search(s)
    if m:
        c.url = m.group(0).rstrip(".,;)")
        s = (s[: m.start()] + s[m.end():]).strip()
    m = re.match(r'^[“"](?P<title>.+?)[,.]?[”"]\s*,?\s*(?P<rest>.*)$', s, re.S)
    rest = s
    if m:
        c.title = m.group("title").strip()
        rest = m.group("rest")
    m = _ARCHIVE_NAME.match(rest)
    if m:
        c.date_text = m.group("date").strip(" ,")
        after = m.group("after").strip()
    else:
        after = ""
    sentences = [x.strip() for x in _SENTENCE_END.split(after) if x.strip()]
    arch: list[str] = []
    for sent in sentences:
        if _CREDIT.match(sent) or c.credits:
            c.credits.append(sent.rstrip(".").strip() + ".")
        else:
            arch.append(sent)
    c.archive_text = ". ".join(a.rstrip(".") for a in arch)
    c.translator = translator_from(" ".join(c.credits))
    return c


def translator_from(text: str) -> str:
    """``Obtained and translated by Sergey Radchenko.`` -> ``Sergey Radchenko``."""
    m = re.search(r"\btranslat(?:ed|ion)\b(?:\s+(?:for|from|into)\s+[^.]*?)?\s+by\s+(?P<name>.+?)"
                  r"(?:(?<!\b[A-Z])\.(?:\s|$)|$|\s+(?:and|for)\s+(?:obtained|contributed|transcribed))",
                  text, re.I)
    return m.group("name").strip().rstrip(".") if m else ""


def credit_by(text: str, verb: str) -> str:
    m = re.search(rf"\b{verb}\b[^.]*?\bby\s+(?P<name>.+?)(?:(?<!\b[A-Z])\.(?:\s|$)|$)", text, re.I)
    return m.group("name").strip() if m else ""


_FOND = [
    ("fond", r"\b(?:fond|f\.)\s*(?P<v>[\w/\-]+)"),
    ("opis", r"\b(?:opis|op\.)\s*(?P<v>[\w/\-]+)"),
    ("delo", r"\b(?:delo|d\.)\s*(?P<v>[\w/\-]+)"),
    ("listy", r"\b(?:listy|list|ll\.|l\.)\s*(?P<v>[\dA-Za-z]+(?:\s*[-–]\s*[\dA-Za-z]+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*)"),
]


def parse_archive(text: str, archive: Archive) -> None:
    """``RGANI, fond 80, opis 1, delo 940, listy 26-43`` -> repository/fond/opis/delo/listy."""
    text = text.strip().rstrip(".")
    if not text:
        return
    archive.extra["archive_citation"] = text
    parts = [p.strip() for p in re.split(r",\s*", text) if p.strip()]
    if parts and not re.match(r"^(?:fond|f\.|opis|op\.|delo|d\.|listy|ll?\.)\s", parts[0]):
        archive.repository = parts[0]
    for name, rx in _FOND:
        m = re.search(rx, text)
        if m:
            setattr(archive, name, m.group("v").strip())


_KINDS: list[tuple[str, str]] = [
    (r"\b(?:record|memorandum|minutes|notes?|memo)\s+of\s+(?:a\s+|the\s+)?(?:\w+\s+){0,3}conversations?\b", "memcon"),
    (r"\bmemcon\b|\bconversation\b", "memcon"),
    (r"\b(?:record|minutes|transcript|stenographic record|verbatim record)\s+of\s+(?:\S+\s+){0,6}?"
     r"(?:talks|negotiations|meeting|session|plenum|conference)\b", "transcript"),
    (r"\btranscript\b|\bstenographic\b", "transcript"),
    (r"^letter\b|\bletter\s+(?:from|to)\b|,\s*letter\b", "letter"),
    (r"\b(?:telegram|cable|cipher)\b", "telegram"),
    (r"\bmemorandum\b", "memorandum"),
    (r"\breport\b", "report"),
]


def kind_from_title(title: str) -> str:
    """Record of Conversation -> memcon; Record of ... Talks -> transcript; Letter -> letter; else document."""
    t = title.strip()
    low = t.lower()
    for rx, kind in _KINDS:
        if re.search(rx, low):
            return kind
    return "document" if t else ""


def letter_parties(title: str) -> tuple[str, str]:
    """``Letter, Jawaharlal Nehru to All Provincial Premiers`` -> (from, to)."""
    m = re.match(r"^Letter(?:\s+from|,)\s+(?P<f>.+?)\s+to\s+(?P<t>.+?)(?:,\s*[^,]*\d{4}.*)?$", title.strip(), re.I)
    if not m:
        return "", ""
    return m.group("f").strip(), m.group("t").strip()


def letter_addresses(title: str) -> tuple[Address | None, list[Address]]:
    f, t = letter_parties(title)
    return (Address(name=f) if f else None), ([Address(name=t)] if t else [])


_MARKINGS = [
    "Top Secret Special Importance", "Top Secret/Of Special Importance", "Top Secret", "Strictly Secret",
    "Strictly Confidential", "Strictly Personal", "For Official Use Only", "Eyes Only", "Secret",
    "Confidential", "Restricted", "Personal and Confidential", "Совершенно секретно", "Секретно",
    "Особой важности", "Streng geheim", "Geheim", "VS-Vertraulich", "VS-NfD", "Nur für den Dienstgebrauch",
    "Vertraulich", "极密", "绝密", "机密", "秘密", "極秘", "秘", "Très secret", "Secret défense",
]


def classification_from_text(text: str) -> str:
    """The classification a document prints first (``Secret RECORD OF ...`` -> ``Secret``), or ``""``."""
    head = text.lstrip()[:80]
    for mark in sorted(_MARKINGS, key=len, reverse=True):
        if head.lower().startswith(mark.lower()):
            after = head[len(mark): len(mark) + 1]
            if not after or not after.isalnum():
                return head[: len(mark)]
    return ""


_EN = {"the", "and", "of", "to", "in", "that", "is", "was", "we", "for", "with", "not", "this", "on", "it"}
_DE = {"der", "die", "und", "das", "nicht", "ist", "mit", "für", "ein", "eine", "den", "dem", "zu", "auf"}
_FR = {"le", "la", "les", "et", "des", "est", "une", "pour", "dans", "que", "qui", "pas", "du", "sur"}


_SCRIPTS = (  # (language, first and last code point, share of the letters needed)
    ("Japanese", "\u3040", "\u30ff", 0.05),  # kana
    ("Chinese", "\u4e00", "\u9fff", 0.5),
    ("Korean", "\uac00", "\ud7af", 0.5),
)


def detect_language(text: str) -> str:
    """A cautious guess from the script and common words; ``""`` when unsure."""
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 40:
        return ""
    n = len(letters)
    if sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff") > n * 0.5:
        return _cyrillic_language(sample.lower())
    for language, lo, hi, share in _SCRIPTS:
        if sum(1 for ch in letters if lo <= ch <= hi) > n * share:
            return language
    return _latin_language(sample)


def _cyrillic_language(low: str) -> str:
    if any(ch in low for ch in "іїєґ"):
        return "Ukrainian" if "ы" not in low else ""
    return "Russian" if any(ch in low for ch in "ыэъ") else ""


def _latin_language(sample: str) -> str:
    words = re.findall(r"[a-zäöüßéèàç]+", sample.lower())
    if len(words) < 20:
        return ""
    scores = {lang: sum(1 for w in words if w in vocab) / len(words)
              for lang, vocab in (("English", _EN), ("German", _DE), ("French", _FR))}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0.12 else ""


_SIDE = re.compile(
    r"(?:From|On|Participants on|Present (?:from|on)|Participating from|Participants from)\s+the\s+"
    r"(?P<side>[\w\-]+)\s+side\s*(?:[–—:\-]+|were)?\s*", re.I)
_ROLE_PREFIX = re.compile(
    r"^(?P<role>(?:(?:First|Second|Deputy|Vice|Acting|Chief|General|Prime|Foreign|Defense|Defence|National|"
    r"Minister|Ministers|Secretary|President|Premier|Chairman|Ambassador|Chancellor|Counsellor|Counselor|"
    r"Director|Head|Member|Marshal|Comrade|Mr\.|Dr\.|Adviser|Advisor|King|Emperor|Prince|Foreign\s+Minister)"
    r"(?:\s+(?:of|for|the|and|to|[A-Z][\w\-]*))*?)\s+)(?P<name>(?:[A-Z]\.\s?){1,3}\s?[A-Z][\w'’\-]+.*|[A-Z][\w'’\-]+)$")
_INITIAL_NAME = re.compile(r"(?P<pre>.*?)(?P<name>(?:[A-ZА-Я]\.\s?){1,3}\s?[A-ZА-Я][\w'’\-]+)\s*$")


def participants_from(text: str) -> list[Participant]:
    """``From the Soviet side – L.I. Brezhnev, ... From the Japanese side – Prime Minister K. Tanaka, ...``."""
    out: list[Participant] = []
    marks = list(_SIDE.finditer(text))
    # a participants list opens its paragraph (or follows a colon), it is not a phrase in the prose
    if not marks or not re.fullmatch(r"(?:[^.!?]{0,80}:\s*)?", text[: marks[0].start()]):
        return []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        seg = text[m.end(): end].strip().rstrip(".;")
        side = m.group("side")
        side = side[:1].upper() + side[1:]
        for item in re.split(r",\s*|;\s*|(?<!\s)\s+and\s+", seg):
            item = item.strip().rstrip(".")
            if not item or not re.search(r"[A-ZА-Я]", item) or item in {"N.N", "N. N"} or len(item.split()) > 9:
                continue
            extra_role = ""
            m_as = re.match(r"^(?P<who>.+?)(?<!\s)\s+as\s+(?P<role>[\w\- ]+)$", item)
            if m_as:
                item, extra_role = m_as.group("who"), m_as.group("role")
            mi = _INITIAL_NAME.fullmatch(item)
            if mi:
                role = mi.group("pre").strip()
                out.append(Participant(name=mi.group("name").strip(), side=side, role=_roles(role, extra_role)))
                continue
            mr = _ROLE_PREFIX.match(item)
            if mr:
                out.append(Participant(name=mr.group("name").strip(), side=side,
                                       role=_roles(mr.group("role").strip(), extra_role)))
            else:
                out.append(Participant(name=item, side=side, role=extra_role))
    return out


def _roles(*roles: str) -> str:
    return ", ".join(r for r in roles if r)


def metadata_entities(values: list[str], etype: str, role: str = "") -> list[Entity]:
    """Entities from the archive's own lists (people and organisations, places, contributors)."""
    out: list[Entity] = []
    for v in values:
        v = v.strip()
        if not v:
            continue
        t = etype
        if etype == "PERSON_OR_ORG":
            t = "PERSON" if re.match(r"^[^,.]+, [^,]+$", v) and not re.search(r"\b(?:Association|Party|Ministry|"
                                                                               r"Committee|Council|Union)\b", v) else "ORG"
        out.append(Entity(name=v, type=t, key=v.upper(), source="wilson-metadata", role=role))
    return out
