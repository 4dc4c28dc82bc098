"""Default chapter titles and fixed sentences of the report, per language.

A template overrides any of them under its `report:` key, so a firm's wording
and language can differ without code.
"""

from __future__ import annotations

DEFAULTS: dict[str, dict[str, str]] = {
    "sv": {
        "title_prefix": "Granskning",
        "contents": "Innehåll",
        "summary": "Sammanfattning",
        "introduction": "Inledning",
        "background": "Bakgrund",
        "purpose": "Syfte och revisionsfrågor",
        "purpose_lead": "I granskningen besvaras följande revisionsfrågor:",
        "method": "Genomförande och avgränsning",
        "criteria": "Revisionskriterier",
        "criteria_lead": "Granskningens bedömningar utgår från följande revisionskriterier:",
        "criterion": "Revisionskriterium",
        "observations": "Iakttagelser",
        "assessment": "Bedömning",
        "no_observations": "Inga iakttagelser är registrerade.",
        "not_assessed": "Ej bedömd",
        "conclusion": "Slutsats",
        "overall_assessment": "Sammanfattande bedömning",
        "answers": "Svar på revisionsfrågorna",
        "question": "Revisionsfråga",
        "answer": "Svar",
        "recommendations": "Rekommendationer",
        "recommendations_lead": "Utifrån granskningsresultatet rekommenderar vi {committee} att:",
        "no_recommendations": "Granskningen föranleder inga rekommendationer.",
        "sources": "Källförteckning",
        "interviewed": "Intervjuade funktioner",
        "documents": "Analyserade dokument",
        "criteria_appendix": "Revisionskriterier i sin helhet",
        "source_interview": "intervju",
        "source_document": "dokument",
        "municipality": "Kommun",
        "committee": "Nämnd",
        "year": "År",
        "auditors": "Granskare",
        "date": "Datum",
        "related_questions": "Avser",
        "none": "Inga.",
    },
    "en": {
        "title_prefix": "Audit",
        "contents": "Contents",
        "summary": "Summary",
        "introduction": "Introduction",
        "background": "Background",
        "purpose": "Purpose and audit questions",
        "purpose_lead": "The audit answers the following audit questions:",
        "method": "Method and scope",
        "criteria": "Audit criteria",
        "criteria_lead": "The assessments are based on the following audit criteria:",
        "criterion": "Audit criterion",
        "observations": "Observations",
        "assessment": "Assessment",
        "no_observations": "No observations are recorded.",
        "not_assessed": "Not assessed",
        "conclusion": "Conclusion",
        "overall_assessment": "Overall assessment",
        "answers": "Answers to the audit questions",
        "question": "Audit question",
        "answer": "Answer",
        "recommendations": "Recommendations",
        "recommendations_lead": "Based on the audit, we recommend that {committee}:",
        "no_recommendations": "The audit gives rise to no recommendations.",
        "sources": "Sources",
        "interviewed": "Interviewed roles",
        "documents": "Documents analysed",
        "criteria_appendix": "Audit criteria in full",
        "source_interview": "interview",
        "source_document": "document",
        "municipality": "Municipality",
        "committee": "Committee",
        "year": "Year",
        "auditors": "Auditors",
        "date": "Date",
        "related_questions": "Concerns",
        "none": "None.",
    },
}

REPORT_KEYS: frozenset[str] = frozenset(DEFAULTS["sv"])


def default_text(language: str, key: str) -> str:
    """The default text for a key in a language, falling back to Swedish."""
    return DEFAULTS.get(language, DEFAULTS["sv"]).get(key) or DEFAULTS["sv"][key]
