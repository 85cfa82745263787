"""Each OCR repair rule on real snippets from ../shared, and what must not change."""

from __future__ import annotations

import pytest

from legation.clean.lexicon import CorpusFrequencies
from legation.clean.ocr import RepairContext, apply, repair
from legation.model import Correction
from tests.clean.conftest import parse_only
from tests.conftest import SEED_CABLE

# Real lines of the seed cable (../shared/samples/seeds/000_a3b791d980bf280d.txt).
PARA_1 = ('1. ON AUGUST 20 DEPFONMIN ARITA CALLED IN SOVIET AMBASSADOR POLYANSKY FOR WHAT ARITA DESCRIBED TO '
          'EMBOFF AS "ROUTINE" CONSULTATION. (ACTUALLY CALL WAS ONLY SECOND THAT POLYANSKY HAS MADE ON DEPFONMIN). '
          'ARITA REMINDED POLYANSKY THAT FONMIN GROMYKO HAD PROMISED FORMAL SOVIET REPLY.')
PARA_2 = ('2. ACCORDING TO ARITA, PLOYANSKY AGREED THAT PEACE TREATY WOULD PUT JAPAN-USSR RELATIONS ON STABLE '
          'BASIS. HE ADDED THAT SUCH A VISIT WOULD REQUIRE CONSIDERABLE PREPARATION TO ASSURE SUCCESS AND URGED '
          'FURTHER CONSULATION BEFOREHAND AT MINISTERIAL LEVEL.')
PARA_3 = ('3. SAME DAY, KEIDANREN PRESIDENT DOKO BRIEFEDFONMIN MIYAZAWA ON HIS MEETING WITH CPSU SECGEN BREZHNEV AT '
          'YALTA (REFTEL). ACCORDING TO FONOFF FIRST EAST EUROPEAN DIVDIR TOGO, MIYAZAWA WAS CAUTIOUS ABOUT '
          "BREZHNEV'S PROPOSAL FOR LONGRANGE DEVELOPMENT OF RESOURCES IN SIBERIA. MIYAZAWA SAID POOPOSAL NOT A "
          "MATTER FOR URGENT STUDY; AND THAT GOJ NOT EMPOWERED TO MAKE KAIND OF LUMP SUM ADVANCE CREDIT AGREEMENT "
          "THAT SOVIETS SEEM TO ENVISAGE.")
PARA_5 = ('5. COMMENT: WE DO NOT THINK THE JAPANESE HAVE ANY ILLUSIONS ABOUT HOW FORTHCOMING EH SOVIETS MIGHT BE ON '
          'THE NORTHERN TERRITORIES. THE JAPANESE REACTION SUGGESTS UNWILLINGNESS TO ENGAGE WITH THE SOVITS IN ANY '
          'POSTURING.')
# Real lines of the seed transcript (003_a471758ded6c4cfe.txt).
TRANSCRIPT = ("We will instruct minister Ishkov to enter into negotiations with your minister. We instructed Minister "
              "Ishkov to agree on the Japanese fishing. We will entrust c[omrade] lshkov to handle this. "
              "The head of the MFA's Europe and Oceania Department W. Owada, for instance, is a consultant of the "
              "Committee. The deputy of the First Eastern European Department of the MDA H. Arai is an observer on "
              "the Committee. The conversation was recorded by the first secretary of MFA USSR L.A. Chizhov")


@pytest.fixture(scope="module")
def ctx() -> RepairContext:
    return RepairContext()


def fixes(text: str, ctx: RepairContext) -> dict[str, Correction]:
    return {c.original: c for c in repair(text, context=ctx)}


def test_document_rule_polyansky_three_times_ployansky_once(ctx: RepairContext) -> None:
    got = fixes(PARA_1 + "\n\n" + PARA_2, ctx)
    c = got["PLOYANSKY"]
    assert (c.replacement, c.rule, c.applied) == ("POLYANSKY", "ocr-document", True)
    assert c.confidence >= ctx.threshold


def test_document_rule_needs_the_document() -> None:
    # Without the three POLYANSKY the lexicon alone does not know the name: nothing is applied.
    got = fixes(PARA_2, RepairContext())
    assert "PLOYANSKY" not in got or not got["PLOYANSKY"].applied


def test_lexicon_rule_non_words(ctx: RepairContext) -> None:
    got = fixes(PARA_3 + "\n\n" + PARA_5, ctx)
    assert got["POOPOSAL"].replacement == "PROPOSAL" and got["POOPOSAL"].applied
    assert got["KAIND"].replacement == "KIND" and got["KAIND"].applied
    assert got["SOVITS"].replacement == "SOVIETS" and got["SOVITS"].applied


def test_rare_spelling_fixed_with_the_documents_evidence(ctx: RepairContext) -> None:
    # CONSULATION is in the lexicon (a common misspelling); the cable itself prints CONSULTATION.
    got = fixes(PARA_1 + "\n\n" + PARA_2, ctx)
    c = got["CONSULATION"]
    assert (c.replacement, c.applied) == ("CONSULTATION", True)


def test_split_rule_run_together(ctx: RepairContext) -> None:
    text = PARA_3 + " FONMIN MIYAZAWA AND DEPFONMIN ARITA."
    c = fixes(text, ctx)["BRIEFEDFONMIN"]
    assert (c.replacement, c.rule, c.applied) == ("BRIEFED FONMIN", "ocr-split", True)


def test_context_rule_short_word(ctx: RepairContext) -> None:
    c = fixes(PARA_5, ctx)["EH"]
    assert (c.replacement, c.rule, c.applied) == ("THE", "ocr-context", True)


def test_context_rule_leaves_speech_alone(ctx: RepairContext) -> None:
    assert "Eh" not in fixes("Eh, what do you say to that? We shall see.", ctx)


def test_glyph_rule_l_for_capital_i(ctx: RepairContext) -> None:
    got = fixes(TRANSCRIPT, ctx)
    c = got["lshkov"]
    assert (c.replacement, c.rule, c.applied) == ("Ishkov", "ocr-glyph", True)


def test_glyph_rule_known_word_keeps_its_case(ctx: RepairContext) -> None:
    c = fixes("The report gave new lnsights into the talks.", ctx)["lnsights"]
    assert (c.replacement, c.applied) == ("insights", True)


def test_glyph_rule_digits_in_words(ctx: RepairContext) -> None:
    c = fixes("THE AMERICAN C0NSULATE IN OSAKA REPORTED.", ctx)["C0NSULATE"]
    assert (c.replacement, c.applied) == ("CONSULATE", True)


def test_acronym_rule_flags_mda_not_applied(ctx: RepairContext) -> None:
    c = fixes(TRANSCRIPT, ctx)["MDA"]
    assert (c.replacement, c.rule, c.applied, c.note) == ("MFA", "ocr-acronym", False, "below threshold")
    assert c.confidence < ctx.threshold


CABLE_ESE = ["FONMIN", "DEPFONMIN", "GOJ", "EMBOFF", "REFTEL", "NOTAL", "SECGEN", "CPSU", "FONOFF", "DIVDIR",
             "KEIDANREN", "LONGRANGE", "YALTA", "TOGO"]


def test_cable_ese_never_changes(ctx: RepairContext) -> None:
    text = "\n\n".join([PARA_1, PARA_2, PARA_3, PARA_5, "REF: TOKYO 12490 (NOTAL)"])
    got = fixes(text, ctx)
    assert not set(CABLE_ESE) & set(got)


def test_clean_cablegate_sentences_do_not_change(ctx: RepairContext) -> None:
    # Real sentences of cablegate 08MADRID348 and the seed cable, names and all.
    text = ("The ruling Socialist party of President Jose Luis Rodriguez Zapatero (PSOE) - 169, the main opposition "
            "Partido Popular (PP) - 154, the Catalan centrist party Convergence and Union (CiU) - 10, the Basque "
            "Nationalist Party (PNV) - 6, the Navarran/Basque party (Na-Bai) - 1. "
            "SHOESMITH")
    assert not [c for c in repair(text, context=ctx) if c.applied]


def test_quoted_text_is_flagged_not_changed(ctx: RepairContext) -> None:
    text = 'ARITA SAID THE SOVIET "POOPOSAL" WAS NOT NEW. MIYAZAWA SAID KAIND WORDS.'
    cs = {c.original: c for c in repair(text, context=ctx)}
    assert (cs["POOPOSAL"].replacement, cs["POOPOSAL"].applied, cs["POOPOSAL"].note) == ("PROPOSAL", False, "quoted")
    assert cs["KAIND"].applied
    assert apply(text, cs.values()) == 'ARITA SAID THE SOVIET "POOPOSAL" WAS NOT NEW. MIYAZAWA SAID KIND WORDS.'


def test_corpus_table_makes_a_spelling_known() -> None:
    text = "THE SOVIET AMBASADOR CALLED ON THE FOREIGN MINISTER TODAY."
    assert fixes(text, RepairContext())["AMBASADOR"].replacement == "AMBASSADOR"
    corpus = CorpusFrequencies.from_texts(["AMBASADOR ONE", "AMBASADOR TWO", "AMBASADOR THREE"])
    assert "AMBASADOR" not in fixes(text, RepairContext(corpus=corpus))


def test_threshold_decides_what_is_applied() -> None:
    strict = RepairContext(threshold=0.99)
    cs = repair(PARA_3, context=strict)
    assert cs and not any(c.applied for c in cs)
    assert all(c.note == "below threshold" for c in cs)
    assert apply(PARA_3, cs) == PARA_3


def test_offsets_refer_to_the_text_before_repair(ctx: RepairContext) -> None:
    for c in repair(PARA_3, context=ctx):
        assert PARA_3[c.start:c.end] == c.original


def test_the_seed_cable_all_seven(ctx: RepairContext) -> None:
    rec = parse_only(SEED_CABLE)
    applied = {c.original: c.replacement for c in repair(rec.text, context=ctx) if c.applied}
    assert applied == {"PLOYANSKY": "POLYANSKY", "POOPOSAL": "PROPOSAL", "KAIND": "KIND", "EH": "THE",
                       "SOVITS": "SOVIETS", "CONSULATION": "CONSULTATION", "BRIEFEDFONMIN": "BRIEFED FONMIN"}


def test_join_rule_word_broken_by_a_space(ctx: RepairContext) -> None:
    # The CREST Cuban-promise title (../shared/corpus/misc/.../cia-converted) prints "REVOLU TIONARY".
    text = "CUBAN PROMISE TO BOLIVIAN EXILES TO STEP UP PACE OF REVOLU TIONARY ACTIVITY"
    c = fixes(text, ctx)["REVOLU TIONARY"]
    assert (c.replacement, c.rule, c.applied) == ("REVOLUTIONARY", "ocr-join", True)
    assert apply(text, [c]).endswith("PACE OF REVOLUTIONARY ACTIVITY")


def test_join_rule_leaves_two_real_words(ctx: RepairContext) -> None:
    text = "THE AMBASSADOR WILL NOT IN ANY WAY OPPOSE THE NEW YORK MEETING. He met New York officials."
    assert not [c for c in repair(text, context=ctx) if c.applied]


@pytest.mark.parametrize("text", [
    # 06NEWDELHI5138 (misc/cablegate-converted): a web address, not words
    "Visit New Delhi's Classified Website: (http://www.state.sgov.gov/p/sa/newdelhi/)",
    # 09ISLAMABAD1438: a plural of a name the cable prints
    "Zardari's Pakistan Peoples Party (PPP) of which he was the head (like the Bhuttos before him) had always "
    "been ... Benazir Bhutto and assassination of his wife, Bhutto was ... Bhutto said",
    # 09KHARTOUM881: a spaced-out banner is not the pronoun I
    "C o n f i d e n t i a l section 01 of 02 khartoum 000881",
    # the seed cable: numbers, ids and tags
    "E. O. 11652: GDS TAGS: PFOR, US, JA REF: TOKYO 12490 (NOTAL) link1976/newtext/t19760823/aaaaatuz.tel D760322-1014",
])
def test_must_not_change(text: str, ctx: RepairContext) -> None:
    assert not [c for c in repair(text, context=ctx) if c.applied]
