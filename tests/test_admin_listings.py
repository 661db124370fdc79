"""The admin's page listings stay small as the alliance grows (profiles/admin_listings.py):
no hand sorting of the directory (which drew every member on one page), and the Owner and
Edited by filters offer the staff and the person looking, not every member editor."""

import pytest

from profiles.models import OrganisationProfilePage
from tests.editorial_support import admin_get, log_edits_by_member_editors_and_staff, signed_in
from tests.profiles_support import make_member

pytestmark = pytest.mark.django_db


def listing(client, page, **query):
    return admin_get(client, f"/admin/pages/{page.pk}/", **query)


def sort_link(page):
    return f'href="/admin/pages/{page.pk}/?ordering=ord"'


def test_the_directory_cannot_be_sorted_by_hand(editorial):
    for n in range(50):
        make_member(editorial.directory, f"Member {n:02d}", revision=False)
    client = signed_in(editorial.moderator)
    page = listing(client, editorial.directory).content.decode()
    assert sort_link(editorial.directory) not in page
    # Asked for anyway, the listing stays paginated by its usual order: 50 of 52 rows.
    response = listing(client, editorial.directory, ordering="ord")
    assert len(response.context["object_list"]) == 50
    assert response.context["page_obj"].paginator.count == 52
    assert not response.context["view"].show_ordering_column
    assert not editorial.directory.permissions_for_user(editorial.moderator).can_reorder_children()
    # Wagtail's move-within-parent action refuses too.
    response = client.post(
        f"/admin/pages/{editorial.music24.pk}/set_position/?position=0",
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 403


def test_a_members_actions_can_still_be_sorted_by_hand(editorial):
    client = signed_in(editorial.moderator)
    page = listing(client, editorial.music24).content.decode()
    assert sort_link(editorial.music24) in page
    response = listing(client, editorial.music24, ordering="ord")
    assert response.context["view"].show_ordering_column
    assert [page.title for page in response.context["object_list"]] == [
        editorial.music_action.title
    ]


def filter_choices(response, name):
    form = response.context["filters"].form
    return {user.username for user in form.fields[name].queryset}


def test_owner_and_edited_by_offer_the_staff_and_me_not_every_member_editor(editorial):
    edits = log_edits_by_member_editors_and_staff(editorial)
    for user, page in edits:
        page.owner = user
        page.save()
    colleague, _page = edits[-1]
    response = listing(signed_in(editorial.moderator), editorial.directory)
    assert filter_choices(response, "edited_by") == {"casey"}
    assert filter_choices(response, "owner") == {"casey"}
    # A member editor still finds their own name.
    response = listing(signed_in(editorial.music_editor), editorial.music24)
    assert filter_choices(response, "edited_by") == {"casey", "mia"}
    assert filter_choices(response, "owner") == {"casey", "mia"}
    # And the filter still filters.
    response = listing(signed_in(editorial.moderator), editorial.directory, edited_by=colleague.pk)
    titles = {page.title for page in response.context["object_list"]}
    assert titles == {"Luton Borough Council"}
    assert OrganisationProfilePage.objects.get(pk=editorial.luton.pk).owner == colleague
