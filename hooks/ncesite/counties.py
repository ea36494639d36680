"""Norway's counties: which county a historic county lies in today, and where each is.

The one place of these domain rules; views, the map and the open data ask here.

Today's counties are those in force from 1 January 2024. The reforms behind the table:
- 1 January 2018: Nord-Trøndelag and Sør-Trøndelag became Trøndelag.
- 1 January 2020 (the regional reform, Prop. 84 S (2016-2017), decided by the Storting
  on 8 June 2017): Aust-Agder and Vest-Agder became Agder; Hedmark and Oppland became
  Innlandet; Hordaland and Sogn og Fjordane became Vestland; Akershus, Buskerud and
  Østfold became Viken; Vestfold and Telemark became Vestfold og Telemark; Troms and
  Finnmark became Troms og Finnmark.
- 1 January 2024 (decided by the Storting in 2022): Viken was split into Akershus, Buskerud
  and Østfold, Vestfold og Telemark into Vestfold and Telemark, and Troms og Finnmark into
  Troms and Finnmark again.

A county of 2020-2023 that was split again cannot tell which of today's counties a town is
in, so it has no entry. A few municipalities changed county in these reforms (Jevnaker
and Lunner went from Oppland to Viken, now Akershus; Rindal from Møre og Romsdal to
Trøndelag; Hornindal from Sogn og Fjordane to Møre og Romsdal), so a county worked out
here is an inference, and pages mark it as one.
"""

from __future__ import annotations

from dataclasses import dataclass

# Today's counties (from 1 January 2024).
TODAY = (
    "Agder", "Akershus", "Buskerud", "Finnmark", "Innlandet", "Møre og Romsdal", "Nordland", "Oslo",
    "Rogaland", "Telemark", "Troms", "Trøndelag", "Vestfold", "Vestland", "Østfold",
)

# A county that no longer exists -> the one county of today it lies in.
MERGED_INTO = {
    "Aust-Agder": "Agder",
    "Vest-Agder": "Agder",
    "Hedmark": "Innlandet",
    "Oppland": "Innlandet",
    "Hordaland": "Vestland",
    "Sogn og Fjordane": "Vestland",
    "Nord-Trøndelag": "Trøndelag",
    "Sør-Trøndelag": "Trøndelag",
}

# Where a cluster is drawn on the map when the data gives its county but no town: a point
# near the middle of each of today's counties, read off a map of the 2024 counties and
# rounded to a tenth of a degree (latitude, longitude). Approximate by design, not a
# computed centroid; Nordland's and Trøndelag's are kept off their largest towns so that a
# marker there is not mistaken for one in that town.
CENTRES = {
    "Agder": (58.8, 7.6),
    "Akershus": (60.1, 11.2),
    "Buskerud": (60.3, 9.0),
    "Finnmark": (70.0, 25.0),
    "Innlandet": (61.4, 10.2),
    "Møre og Romsdal": (62.6, 7.9),
    "Nordland": (66.8, 14.6),
    "Oslo": (59.95, 10.75),
    "Rogaland": (59.2, 6.3),
    "Telemark": (59.4, 8.4),
    "Troms": (69.1, 19.5),
    "Trøndelag": (64.1, 12.0),
    "Vestfold": (59.3, 10.1),
    "Vestland": (60.9, 6.7),
    "Østfold": (59.4, 11.2),
}


@dataclass(frozen=True)
class TodaysCounty:
    """The county a cluster is in by today's counties, and whether that was worked out
    here (from a county that has since been merged) rather than given by the data."""

    name: str | None  # None: not known
    inferred: bool = False


def todays_county(county: str | None, county_today: str | None = None) -> TodaysCounty:
    """Today's county of a place whose data gives `county` (as it was) and perhaps `county_today`."""
    if county_today:
        return TodaysCounty(county_today)
    if not county:
        return TodaysCounty(None)
    if county in TODAY:
        return TodaysCounty(county)
    merged = MERGED_INTO.get(county)
    return TodaysCounty(merged, inferred=True) if merged else TodaysCounty(None)


def centre(county: str | None) -> tuple[float, float] | None:
    """The point the map places a cluster of today's county `county` at when its town is not known."""
    return CENTRES.get(county) if county else None
