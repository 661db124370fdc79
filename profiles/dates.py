"""How update dates are written and compared.

Members reported progress by quarter ("2015 – Second quarter update"), some by calendar
quarter and some by financial quarter, so a quarter stays a label and is never turned
into a precise date for display. For sorting and for "last updated" we need one date
per update: a quarter counts as the last day of that quarter (the latest moment the
update can describe), an exact date counts as itself.
"""

import calendar
import datetime

QUARTER_NAMES = {1: "First", 2: "Second", 3: "Third", 4: "Fourth"}


def format_date(value):
    """24 September 2020 — no leading zero, month in full (house style)."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def quarter_end(year, quarter):
    month = int(quarter) * 3
    return datetime.date(int(year), month, calendar.monthrange(int(year), month)[1])


def quarter_label(year, quarter):
    return f"{year} – {QUARTER_NAMES[int(quarter)]} quarter update"


def stored_update(raw):
    """An update's fields as stored in the database (JSON: the exact date as text), with
    the exact date as a date, for update_sort_date()."""
    exact = raw.get("date")
    if isinstance(exact, str):
        try:
            exact = datetime.date.fromisoformat(exact)
        except ValueError:
            exact = None
    return {"date": exact, "year": raw.get("year"), "quarter": raw.get("quarter")}


def update_sort_date(value):
    """The date an update counts as: its exact date, else the end of its quarter."""
    exact = value.get("date")
    if exact:
        return exact
    year, quarter = value.get("year"), value.get("quarter")
    if year and quarter:
        return quarter_end(year, quarter)
    if year:
        return datetime.date(int(year), 12, 31)
    return None


def update_label(value):
    """The heading shown above an update when the editor gave none."""
    exact = value.get("date")
    if exact:
        return f"Update of {format_date(exact)}"
    year, quarter = value.get("year"), value.get("quarter")
    if year and quarter:
        return quarter_label(year, quarter)
    return f"{year} update"
