"""Progress updates: shown newest first, bad input refused, saved work never lost."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from profiles.blocks import UpdateBlock
from profiles.dates import format_date, quarter_label
from tests.profiles_support import dated_update, make_action, make_member, quarter_update

THIS_YEAR = datetime.date.today().year


def test_quarter_labels_and_dates_read_like_the_old_site():
    assert quarter_label(2015, 2) == "2015 – Second quarter update"
    assert quarter_label(2014, "4") == "2014 – Fourth quarter update"
    assert format_date(datetime.date(2020, 9, 24)) == "24 September 2020"
    assert format_date(datetime.date(2021, 3, 5)) == "5 March 2021"


@pytest.fixture
def action(member_directory):
    profile = make_member(member_directory, "Singers")
    return make_action(
        profile,
        "Weekly singing",
        status="being-implemented",
        updates=[
            quarter_update(2014, 1, "Oldest quarter"),
            dated_update(datetime.date(2016, 2, 10), "Exact date in 2016"),
            quarter_update(2015, 4, "Late 2015"),
            quarter_update(2015, 2, "Mid 2015"),
        ],
    )


def test_updates_are_shown_newest_first_whatever_the_typed_order(client, action):
    texts = [child.value["body"].source for child in action.updates_newest_first]
    assert texts == [
        "<p>Exact date in 2016</p>",
        "<p>Late 2015</p>",
        "<p>Mid 2015</p>",
        "<p>Oldest quarter</p>",
    ]
    html = client.get(action.url).content.decode()
    order = [html.index(t) for t in ("Exact date in 2016", "Late 2015", "Mid 2015", "Oldest")]
    assert order == sorted(order)
    assert "2015 – Fourth quarter update" in html
    assert "10 February 2016" in html


def test_the_latest_update_is_the_first_newest_first_as_stored_and_as_edited(action):
    """The profile's cards show `latest_update`, worked out from the stored JSON: the same
    update as the newest-first list puts first, also when two share a date (the first
    given wins) and when an exact date and a quarter end fall on the same day."""
    from profiles.models import ActionPage

    stored = ActionPage.objects.get(pk=action.pk)
    assert stored.latest_update.value["body"].source == "<p>Exact date in 2016</p>"
    assert stored.latest_update.value.period_label == "Update of 10 February 2016"

    stored.updates = [
        quarter_update(2019, 1, "First given, end of March 2019"),
        dated_update(datetime.date(2019, 3, 31), "Second given, 31 March 2019"),
        quarter_update(2018, 4, "Older"),
    ]
    stored.save_revision().publish()
    again = ActionPage.objects.get(pk=action.pk)
    assert again.latest_update.value["body"].source == "<p>First given, end of March 2019</p>"
    assert again.latest_update.value["body"].source == (
        again.updates_newest_first[0].value["body"].source
    )
    # Built in Python (a preview), before any save: the same answer.
    assert stored.latest_update.value["body"].source == "<p>First given, end of March 2019</p>"

    stored.updates = []
    assert stored.latest_update is None


def test_latest_update_date_is_stored_for_lists(action):
    # A quarter counts as its last day; the exact 2016 date is the newest.
    assert action.latest_update_date == datetime.date(2016, 2, 10)


def test_old_action_carries_a_notice_and_a_fresh_one_does_not(client, member_directory, action):
    html = client.get(action.url).content.decode()
    assert "Last updated 10 February 2016" in html.replace("<dd>", " ").replace("</dt>", "")
    assert "notice--warning" in html
    assert "no update for over a year" in html

    fresh = make_action(
        action.get_parent(),
        "Fresh",
        updates=[dated_update(datetime.date.today() - datetime.timedelta(days=20), "Recent")],
    )
    html = client.get(fresh.url).content.decode()
    assert "notice--warning" not in html
    assert f"Last updated</dt><dd>{format_date(fresh.latest_update_date)}" in html


def test_profile_shows_each_actions_latest_update_and_last_updated(client, action):
    html = client.get(action.get_parent().url).content.decode()
    assert "Exact date in 2016" in html
    assert "Mid 2015" not in html  # only the latest update is on the profile
    assert "Last updated 10 February 2016" in html
    # The profile itself was just published, which counts as its own last update.
    assert f"Profile last updated {format_date(timezone.localdate())}" in html
    assert '<h4 class="timeline__date">2016' not in html  # an exact date, not a quarter
    assert '<h4 class="timeline__date">Update of 10 February 2016</h4>' in html


def clean(**value):
    block = UpdateBlock()
    data = {"year": None, "quarter": "", "date": None, "heading": "", "body": "<p>Text</p>"}
    data.update(value)
    return block.clean(block.to_python(data))


def test_a_valid_quarter_update_is_accepted():
    value = clean(year=2015, quarter="2")
    assert value.period_label == "2015 – Second quarter update"


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ({"year": 2015, "quarter": "5"}, "quarter", "Select a valid choice"),
        ({"year": 1850, "quarter": "1"}, "year", "Enter a year between 2000"),
        ({"year": THIS_YEAR + 2, "quarter": "1"}, "year", "Enter a year between 2000"),
        ({"year": 2015, "quarter": "1", "body": "<p></p>"}, "body", ""),
        ({"year": 2015, "quarter": "1", "body": "<p> </p>"}, "body", "Write what happened"),
        ({"year": 2015}, "quarter", "Choose a quarter"),
        (
            {"year": 2015, "quarter": "1", "date": datetime.date(2015, 1, 1)},
            "date",
            "not both",
        ),
        ({"quarter": "3"}, "year", "Enter the year"),
        ({"date": datetime.date(1850, 1, 1)}, "date", "Enter a date between"),
    ],
)
def test_each_invalid_update_is_refused_with_a_message(value, field, message):
    with pytest.raises(StructBlockValidationError) as caught:
        clean(**value)
    errors = caught.value.block_errors
    assert field in errors
    assert message in " ".join(errors[field].messages)


def update_form(year, quarter, body):
    return {
        "year": str(year),
        "quarter": str(quarter),
        "date": "",
        "heading": "",
        "body": rich_text(body or "<p></p>"),
    }


@pytest.mark.parametrize(
    ("year", "quarter", "body", "message"),
    [
        (2015, 5, "<p>Quarter five</p>", "Select a valid choice"),
        (1850, 1, "<p>Too old</p>", "Enter a year between 2000"),
        (THIS_YEAR + 2, 1, "<p>Too far ahead</p>", "Enter a year between 2000"),
        (2015, 1, "", "Write what happened in this update."),
    ],
)
def test_admin_refuses_bad_update_and_keeps_saved_page(
    client, action, year, quarter, body, message
):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    revisions_before = Revision.page_revisions.filter(object_id=str(action.pk)).count()
    data = nested_form_data(
        {
            "title": action.title,
            "slug": action.slug,
            "description": rich_text("<p>Changed description</p>"),
            "status": action.status,
            "updates": streamfield(
                [
                    ("update", update_form(2014, 1, "<p>Oldest quarter</p>")),
                    ("update", update_form(year, quarter, body)),
                ]
            ),
        }
    )
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{action.pk}/edit/", data)

    assert response.status_code == 200  # the form comes back, not a redirect or a 500
    assert message in response.content.decode()
    action.refresh_from_db()
    assert action.description == "<p>What Weekly singing is about.</p>"
    assert len(action.updates) == 4
    assert Revision.page_revisions.filter(object_id=str(action.pk)).count() == revisions_before
    assert "Exact date in 2016" in client.get(action.url).content.decode()
