"""Entity labels (and, re-exported, the linking key) shared by History Lab's annotated bodies and FOIArchive exports."""

from __future__ import annotations

from legation.text import entity_key

__all__ = ["entity_key", "gold_type"]


def gold_type(label: str) -> str:
    """History Lab entity label -> legation entity type (the label is kept as the role)."""
    u = label.strip().upper()
    head, _, tail = u.partition(".")
    if u == "LOC":
        return "PLACE"
    if head in {"PER", "PRE"}:
        # PER.SPECIAL is used only for countries (DENMARK, SWEDEN, MOZAMBIQUE ...): a slip for GPE.SPECIAL.
        # PER.GROUP (OPEC MEMBERS, MERCENARY UNITS) is a group of people, not a person: type GROUP.
        return "PLACE" if tail == "SPECIAL" else "GROUP" if tail == "GROUP" else "PERSON"
    if head in {"ORG", "OR"}:
        return "ORG"
    if head == "GPE":
        if tail == "NATION":
            return "COUNTRY"
        if tail == "SPECIAL":
            return "PLACE"
        if tail == "INDIVIDUAL":
            return "PERSON"
        return "ORG"  # GPE.COM, GPE.NGO, GPE.ORG, GPE.MED: an organisation label with the wrong head
    return "OTHER"
