"""The interface strings the views write, in one place (templates hold the others).

Each is marked with N_ so pybabel extracts it into the message catalogues (see
ncesite.i18n); a string with {names} is filled in with str.format where it is used.
Names and facts come from data/, never from here.
"""

from __future__ import annotations

from .i18n import N_

# Cluster page: the line under the title, the key facts, the status table, related lists.
STATUS_FORMER = N_("{former}: held {levels} status; no longer in the programme on {date}.")
STATUS_LATER = N_("Joined the programme after {date}.")
STATUS_AT_LEVEL = N_("{level} cluster on {date}, since {since}.")
LEVEL_ON = N_("Level on {date}")
SINCE = N_("Since")
CITY = N_("City")
COUNTY = N_("County")
COUNTY_TODAY = N_("County today")
TOWN_NOT_KNOWN = N_("not known: no source found names it, so the map does not show this cluster")
PLACE_NOT_KNOWN = N_("place not known")
COUNTY_NOT_KNOWN = N_("County not known")
AREA = N_("Area")
SECTORS = N_("Sectors")
STARTED = N_("Started")
SIZE = N_("Size")
CLUSTER_ORGANISATION = N_("Cluster organisation")
WEBSITE = N_("Website")
TECHNOLOGY = N_("Technology and activities")
END_NOT_KNOWN = N_("not known")
STILL_HELD = N_("still held")
ALSO_IN = N_("Also in {place}")

# Partner page.
NORWEGIAN_NAME = N_("Norwegian name")
ABBREVIATION = N_("Abbreviation")
IN_THE_PROGRAMME = N_("In the programme")
OWNER_AND_OPERATOR = N_("Owner and operator")
PROGRAMME_OWNER = N_("Owner")
FOUNDED = N_("Founded")
HEADQUARTERS = N_("Headquarters")
LEGAL_FORM = N_("Legal form")
OWNED_BY = N_("Owner")

# Directory: the orders rows can be sorted in.
SORT_NAME = N_("Name: A to Z")
SORT_OLDEST = N_("Since: oldest first")
SORT_NEWEST = N_("Since: newest first")
SORT_LARGEST = N_("Size: largest first")

# Statistics.
BY_LEVEL = N_("Clusters by level on {date}")
BY_LEVEL_CAPTION = N_("Former clusters had left the programme by this date.")
LEVEL = N_("Level")
BY_COUNTY = N_("Current clusters by county on {date}")
COUNTY_HEADER = N_("County (today's name where it changed)")
BY_SECTOR = N_("Current clusters by sector on {date}")
SECTOR = N_("Sector")
BY_SECTOR_CAPTION = N_("A cluster can work in more than one sector.")
BY_SECTOR_ALL = N_("All clusters on the site by sector, former included")
BY_YEAR = N_("Clusters by level and year")
YEAR = N_("Year")
BY_YEAR_CAPTION = N_("A cluster counts in every year in which it held the level for at least part of the year; "
                     "a year of change counts at both levels.")

# Timeline.
TIMELINE = N_("Each cluster's path through the levels")
TIMELINE_CAPTION = N_("Bars run from when a cluster got a level to when it left it. A level still held on "
                      "{date} is drawn up to that date, which is as far as the data goes; an arrow marks "
                      "a later level with no end recorded. Vertical lines mark the programme's award rounds.")
HELD_ON = N_("still held on {date}")
NO_END_RECORDED = N_("no end recorded")
