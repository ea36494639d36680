"""A partner's own page: the organisations that own and run the programme."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from ..wording import ENGLISH, Wording
from .common import Fact, Mark, _Marks, field_labeller, paragraphs, website_fact


@dataclass(frozen=True)
class PartnerPage:
    partner: m.Partner
    facts: tuple[Fact, ...]
    description: tuple[str, ...]
    notes: tuple[tuple[Mark, str, str], ...]  # mark, what it marks, field path
    is_operator: bool
    title: str  # the partner's name in the page's language
    changed: str | None = None  # when the data file last changed, if known


def partner_page(partner: m.Partner, programme: m.Programme, w: Wording = ENGLISH,
                 changed: str | None = None) -> PartnerPage:
    labels = {"name": w.NAME, "name_no": w.NORWEGIAN_NAME, "full_name": w.NAME, "abbreviation": w.ABBREVIATION,
              "founded": w.FOUNDED, "founded_note": w.FOUNDED, "headquarters": w.HEADQUARTERS,
              "legal_form": w.LEGAL_FORM, "owner": w.OWNED_BY, "website": w.WEBSITE, "facts": w.MORE_FACTS,
              "role": w.IN_THE_PROGRAMME, "description": w.ABOUT, "sources": w.SOURCES}
    marks = _Marks(partner.uncertain, field_labeller(labels))
    # The name in the other language first: a Bokmål page is headed by the Norwegian name.
    if w.code == "nb":
        facts = [Fact(w.ENGLISH_NAME, partner.other_name(w.code), marks.get("name"))]
    else:
        facts = [Fact(w.NORWEGIAN_NAME, partner.other_name(w.code), marks.get("name_no"))]
    if partner.abbreviation:
        facts.append(Fact(w.ABBREVIATION, partner.abbreviation))
    role = w.OWNER_AND_OPERATOR if partner.slug == programme.operator.slug else w.PROGRAMME_OWNER
    facts.append(Fact(w.IN_THE_PROGRAMME, role))
    if partner.founded:
        facts.append(Fact(w.FOUNDED, w.date(partner.founded), marks.get("founded")))
    for label, name in ((w.HEADQUARTERS, "headquarters"), (w.LEGAL_FORM, "legal_form"), (w.OWNED_BY, "owner")):
        value = getattr(partner, name)
        if value:
            facts.append(Fact(label, value, marks.get(name)))
    if partner.website:
        facts.append(website_fact(partner.website, marks.get("website"), w))
    return PartnerPage(partner, tuple(facts), paragraphs(partner.description), marks.notes(),
                       partner.slug == programme.operator.slug, partner.name_in(w.code), changed)


