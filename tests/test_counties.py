"""Today's county of a historic one, and where the map puts a cluster whose town is not known.

Expectations are literals of the county reforms (Trøndelag 2018; the regional reform of 2020;
the splits of 2024) and the map's outline, never ncesite.counties' own tables read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_norway_map import on_land

from ncesite import counties
from ncesite.norway_map import project

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "schema" / "common.schema.json"

TODAY = ("Agder", "Akershus", "Buskerud", "Finnmark", "Innlandet", "Møre og Romsdal", "Nordland", "Oslo",
         "Rogaland", "Telemark", "Troms", "Trøndelag", "Vestfold", "Vestland", "Østfold")


@pytest.mark.parametrize("county, today", [
    ("Oppland", "Innlandet"), ("Hedmark", "Innlandet"), ("Hordaland", "Vestland"), ("Sogn og Fjordane", "Vestland"),
    ("Aust-Agder", "Agder"), ("Vest-Agder", "Agder"), ("Sør-Trøndelag", "Trøndelag"), ("Nord-Trøndelag", "Trøndelag"),
])
def test_a_merged_county_gives_todays_marked_as_worked_out(county, today):
    assert counties.todays_county(county) == counties.TodaysCounty(today, inferred=True)


@pytest.mark.parametrize("county", TODAY)
def test_a_county_of_today_is_itself(county):
    assert counties.todays_county(county) == counties.TodaysCounty(county, inferred=False)


@pytest.mark.parametrize("county", ["Viken", "Vestfold og Telemark", "Troms og Finnmark"])
def test_a_county_split_again_in_2024_gives_none(county):
    """Which of today's counties a town of Viken is in cannot be told from the county alone."""
    assert counties.todays_county(county) == counties.TodaysCounty(None)


def test_the_data_wins_and_no_county_is_not_known():
    assert counties.todays_county("Oppland", "Akershus") == counties.TodaysCounty("Akershus", inferred=False)
    assert counties.todays_county(None) == counties.TodaysCounty(None)


def test_every_county_the_schema_allows_is_known_here():
    allowed = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]["county"]["enum"]
    assert set(counties.TODAY) == set(TODAY)
    for county in allowed:
        assert county in TODAY or county in counties.MERGED_INTO or county in (
            "Viken", "Vestfold og Telemark", "Troms og Finnmark"), county


@pytest.mark.parametrize("county", TODAY)
def test_each_county_has_a_middle_on_the_map_s_land(county):
    lat, lon = counties.centre(county)
    assert 57.9 < lat < 71.2 and 4.5 < lon < 31.2
    assert on_land(*project(lat, lon)), county
    assert counties.centre(None) is None and counties.centre("Viken") is None
