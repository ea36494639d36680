"""How complete the data is: the programme's coverage statement as pages show it, and the
years a chart may show, with the notes that say why a year is partial.

Which years are shown, and which of them are partial, is decided by one rule in the model
(`Programme.year_coverage`); this module only words it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from ..wording import ENGLISH, Wording


@dataclass(frozen=True)
class CoverageNote:
    """Why some years' figures are incomplete: one period of the coverage statement."""

    number: int  # the note's number in a chart's list of notes
    period: str  # "2002–2013", "8 November 2018 – 7 November 2019"
    completeness: str  # the word for complete, partial or unknown, in the page's language
    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearsShown:
    """The years a chart shows, and what it says about the partial ones."""

    years: tuple[int, ...]
    partial: dict[int, tuple[int, ...]]  # partial year -> numbers of the notes that say why
    notes: tuple[CoverageNote, ...]
    left_out: tuple[int, ...]  # years inside the range that are not shown: coverage unknown
    summary: str  # for a chart's text alternative: which years are partial, and why


def period_text(start: m.PartialDate, end: m.PartialDate, w: Wording = ENGLISH) -> str:
    """A period as a label: 2002–2013, 2026, 2014 – 7 November 2018."""
    if start == end:
        return w.date(start)
    if start.month is None and end.month is None:
        return f"{start.year}\u2013{end.year}"
    return f"{w.date(start)} \u2013 {w.date(end)}"


def _word(completeness: str, w: Wording) -> str:
    return {m.COMPLETE: w.COMPLETE, m.PARTIAL: w.PARTIAL, m.UNKNOWN: w.UNKNOWN}.get(completeness, completeness)


def coverage_statement(programme: m.Programme, w: Wording = ENGLISH) -> tuple[CoverageNote, ...]:
    """Every period of the coverage statement, in order, as the programme page lists them."""
    return tuple(CoverageNote(number, period_text(p.start, p.end, w), _word(p.completeness, w), p.note, p.sources)
                 for number, p in enumerate(programme.coverage, 1))


def _ranges(years) -> str:
    """2002, 2003, 2004, 2007 -> "2002–2004, 2007"."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}\u2013{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def years_shown(programme: m.Programme, first_year: int, w: Wording = ENGLISH) -> YearsShown:
    """The years from `first_year` to the as-of year that the coverage lets a chart show:
    a year after the as-of date, or one whose coverage is unknown, is left out; each partial
    year refers to the notes of the periods that make it partial."""
    last_year = programme.as_of.year
    coverage = [programme.year_coverage(year) for year in range(first_year, last_year + 1)]
    notes: dict[object, CoverageNote] = {}
    partial: dict[int, tuple[int, ...]] = {}
    for year in (c for c in coverage if c.partial):
        numbers = []
        reasons = [(p, period_text(p.start, p.end, w), _word(p.completeness, w), p.note, p.sources) for p in year.periods]
        if year.cut:
            reasons.append((("cut", year.cut), w.date(year.cut), w.PARTIAL,
                            w.COVERAGE_STOPS.format(date=w.date(year.cut)), ()))
        if not reasons:
            reasons.append((("part", year.year), str(year.year), w.PARTIAL, w.COVERAGE_PART, ()))
        for key, period, word, text, sources in reasons:
            if key not in notes:
                notes[key] = CoverageNote(len(notes) + 1, period, word, text, sources)
            numbers.append(notes[key].number)
        partial[year.year] = tuple(numbers)
    shown = tuple(c.year for c in coverage if c.shown)
    left_out = tuple(c.year for c in coverage if not c.shown and shown and shown[0] < c.year < shown[-1])
    sentences = []
    if partial:
        listed = " ".join(f"{note.period}: {note.text}" for note in notes.values())
        sentences.append(w.PARTIAL_YEARS.format(years=_ranges(partial), notes=listed))
    if left_out:
        sentences.append(w.YEARS_LEFT_OUT.format(years=_ranges(left_out)))
    return YearsShown(shown, partial, tuple(notes.values()), left_out, " ".join(sentences))
