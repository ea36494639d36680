"""A partner's own page: the organisations that own and run the programme."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from .common import Fact, Mark, _Marks, paragraphs


@dataclass(frozen=True)
class PartnerPage:
    partner: m.Partner
    facts: tuple[Fact, ...]
    description: tuple[str, ...]
    notes: tuple[tuple[Mark, str], ...]
    is_operator: bool


def partner_page(partner: m.Partner, programme: m.Programme) -> PartnerPage:
    marks = _Marks(partner.uncertain)
    facts = [Fact("Norwegian name", partner.name_no, marks.get("name_no"))]
    if partner.abbreviation:
        facts.append(Fact("Abbreviation", partner.abbreviation))
    role = "Owner and operator" if partner.slug == programme.operator.slug else "Owner"
    facts.append(Fact("In the programme", role))
    if partner.founded:
        facts.append(Fact("Founded", str(partner.founded), marks.get("founded")))
    for label, name in (("Headquarters", "headquarters"), ("Legal form", "legal_form"), ("Owner", "owner")):
        value = getattr(partner, name)
        if value:
            facts.append(Fact(label, value, marks.get(name)))
    if partner.website:
        facts.append(Fact("Website", partner.website.split("://", 1)[1].rstrip("/"), marks.get("website"),
                          href=partner.website))
    return PartnerPage(partner, tuple(facts), paragraphs(partner.description), marks.notes(),
                       partner.slug == programme.operator.slug)


