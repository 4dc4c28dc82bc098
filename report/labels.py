"""The report's words: chapter titles and sentences per language, dates and lists.

Most titles come from the checklist (`Template.text`, overridable under its
`report:` key). The few the report adds itself (page footer, draft marking,
appendix label, source notes) are here, per language, and a template's
`report:` key overrides them too.
"""

from __future__ import annotations

import re
from datetime import date

from checklists import Template
from checklists.reporttext import DEFAULTS

EXTRA: dict[str, dict[str, str]] = {
    "sv": {
        "page": "Sida",
        "page_of": "av",
        "draft_mark": "UTKAST",
        "draft_note": "Rapporten är ett utkast: alla delar är inte färdiga.",
        "toc_placeholder": "Innehållsförteckningen fylls i när dokumentet öppnas.",
        "answers_lead": "Svaren på revisionsfrågorna är i korthet:",
        "appendix": "Bilaga",
        "commission": (
            "{auditors} har på uppdrag av de förtroendevalda revisorerna i {municipality} "
            "granskat {committee}."
        ),
        "commission_short": (
            "Granskningen har genomförts på uppdrag av de förtroendevalda revisorerna."
        ),
        "chapter_criteria": (
            "Bedömningarna i avsnittet utgår från {criteria}. Kriterierna återges i sin "
            "helhet i bilaga 1."
        ),
        "source": "Källa",
        "sources_plural": "Källor",
        "with": "med",
        "and": "och",
        "reference": "dnr",
    },
    "en": {
        "page": "Page",
        "page_of": "of",
        "draft_mark": "DRAFT",
        "draft_note": "This report is a draft: not every part is finished.",
        "toc_placeholder": "The table of contents is filled in when the document is opened.",
        "answers_lead": "In short, the answers to the audit questions are:",
        "appendix": "Appendix",
        "commission": (
            "{auditors} audited {committee} on behalf of the elected auditors of {municipality}."
        ),
        "commission_short": "The audit was carried out on behalf of the elected auditors.",
        "chapter_criteria": (
            "The assessments in this chapter are based on {criteria}. The criteria are given in "
            "full in appendix 1."
        ),
        "source": "Source",
        "sources_plural": "Sources",
        "with": "with",
        "and": "and",
        "reference": "ref.",
    },
}

MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}
LANG_TAGS = {"sv": "sv-SE", "en": "en-GB"}
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
NB_HYPHEN = "\u2011"


def labels(t: Template) -> dict[str, str]:
    """Every report word for this template: its `report:` overrides, else the defaults."""
    language = t.language if t.language in DEFAULTS else "sv"
    words = {key: t.text(key) for key in DEFAULTS["sv"]}
    for key, value in EXTRA.get(language, EXTRA["sv"]).items():
        words[key] = t.report.get(key) or value
    return words


def lang_tag(t: Template) -> str:
    """The document language for Word's spelling: sv-SE, en-GB."""
    return LANG_TAGS.get(t.language, "sv-SE")


def long_date(text: str, language: str) -> str:
    """'2022-03-08' written out ('8 mars 2022'); other text returned as it is."""
    m = _ISO_DATE.fullmatch(text.strip())
    if not m:
        return text.strip()
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return text.strip()
    month = MONTHS.get(language, MONTHS["sv"]).split()[day.month - 1]
    return f"{day.day} {month} {day.year}"


def unbreakable_dates(text: str) -> str:
    """ISO dates in running text keep together: their hyphens do not break a line."""
    if "-" not in text:
        return text
    return _ISO_DATE.sub(lambda m: NB_HYPHEN.join(m.groups()), text)


def join(items: list[str], conjunction: str) -> str:
    """'A, B och C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def lower_first(text: str) -> str:
    """'Verksamhetschef för …' -> 'verksamhetschef för …' (not 'KAA' -> 'kAA')."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
