"""The "Editors of <organisation>" screen (profiles/editors_admin.py): administrators see, add
and remove a member's editors on one screen per profile, instead of ticking two of 10,000+
groups on the user form."""

import re
from smtplib import SMTPServerDisconnected
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from wagtail.models import PageLogEntry

from cms.publishing.roles import ADMINISTRATORS, MEMBER_EDITORS, MODERATORS
from profiles.roles import member_editor_group
from tests.editorial_support import make_user, signed_in
from tests.profiles_support import make_member

pytestmark = pytest.mark.django_db


def editors_url(page):
    return f"/admin/members/{page.pk}/editors/"


def remove_url(page, user):
    return f"/admin/members/{page.pk}/editors/{user.pk}/remove/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


@pytest.fixture
def admin(editorial):
    return make_user("ada", groups=[Group.objects.get(name=ADMINISTRATORS)])


@pytest.fixture
def as_admin(admin):
    return signed_in(admin)


def group_names(user):
    return set(user.groups.values_list("name", flat=True))


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_screen_lists_the_members_editors(as_admin, editorial):
    editorial.music_editor.last_name = "Lopez"
    editorial.music_editor.save()
    response = as_admin.get(editors_url(editorial.music24))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Editors of Music24" in page
    assert "Mia Lopez" in page
    assert "mia@example.org" in page
    assert "Never" in page  # last login
    assert remove_url(editorial.music24, editorial.music_editor) in page
    # Only this member's editors.
    assert "lou@example.org" not in page


def test_a_member_without_editors_says_so(as_admin, editorial):
    quiet = make_member(editorial.directory, "Quiet Trust")
    page = as_admin.get(editors_url(quiet)).content.decode()
    assert "Quiet Trust has no editors yet." in page


def test_adding_an_editor_lets_them_edit_that_member(as_admin, editorial):
    newcomer = make_user("nell", email="Nell@Example.org")
    assert signed_in(newcomer).get(edit_url(editorial.music24)).status_code in (302, 403)

    response = as_admin.post(editors_url(editorial.music24), {"user": "nell@example.org"})

    assert response.status_code == 302
    assert response.url == editors_url(editorial.music24)
    assert group_names(newcomer) == {"Music24 editors", MEMBER_EDITORS}
    client = signed_in(newcomer)
    assert client.get(edit_url(editorial.music24)).status_code == 200
    assert client.get(edit_url(editorial.music_action)).status_code == 200
    assert client.get(edit_url(editorial.luton)).status_code in (302, 403)
    listing = as_admin.get(response.url)
    assert "nell is now an editor of Music24." in messages_of(listing)
    assert newcomer.email in listing.content.decode()


def test_adding_by_username(as_admin, editorial):
    newcomer = make_user("nell")
    response = as_admin.post(editors_url(editorial.luton), {"user": "nell"})
    assert response.status_code == 302
    assert "Luton Borough Council editors" in group_names(newcomer)


def test_adding_creates_a_missing_group(as_admin, editorial):
    member_editor_group(editorial.music24).delete()
    newcomer = make_user("nell")
    page = as_admin.get(editors_url(editorial.music24)).content.decode()
    assert "Music24 has no editors yet." in page
    as_admin.post(editors_url(editorial.music24), {"user": "nell"})
    group = member_editor_group(editorial.music24)
    assert group is not None and group.name == "Music24 editors"
    assert signed_in(newcomer).get(edit_url(editorial.music24)).status_code == 200


@pytest.mark.parametrize(
    "value, error",
    [
        ("nobody", "No user has the username or email “nobody”."),
        ("", "This field is required."),
        ("x" * 300, "Ensure this value has at most 254 characters"),
        ("nul\x00byte", "Null characters are not allowed."),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(as_admin, editorial, value, error):
    before = Group.objects.get(name="Music24 editors").user_set.count()
    response = as_admin.post(editors_url(editorial.music24), {"user": value})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Group.objects.get(name="Music24 editors").user_set.count() == before
    assert not PageLogEntry.objects.filter(action="profiles.editor_added").exists()


def test_an_empty_post_asks_for_a_user(as_admin, editorial):
    response = as_admin.post(editors_url(editorial.music24))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_an_existing_editor_is_not_added_twice(as_admin, editorial):
    response = as_admin.post(editors_url(editorial.music24), {"user": "mia"})
    assert response.status_code == 200
    assert "Mia is already an editor here." in response.content.decode()


def test_an_ambiguous_email_asks_for_the_username(as_admin, editorial):
    make_user("twin1", email="twins@example.org")
    make_user("twin2", email="twins@example.org")
    response = as_admin.post(editors_url(editorial.music24), {"user": "twins@example.org"})
    assert response.status_code == 200
    assert "Enter their exact username instead." in response.content.decode()


def test_a_deactivated_account_is_refused(as_admin, editorial):
    make_user("gone", is_active=False)
    response = as_admin.post(editors_url(editorial.music24), {"user": "gone"})
    assert "account is deactivated" in response.content.decode()


def test_removing_asks_first_then_takes_the_rights_away(as_admin, editorial):
    mia = editorial.music_editor
    confirm = as_admin.get(remove_url(editorial.music24, mia))
    assert confirm.status_code == 200
    assert "Remove Mia (mia) as an editor of Music24?" in confirm.content.decode()
    assert "Music24 editors" in group_names(mia)  # nothing changes on GET

    response = as_admin.post(remove_url(editorial.music24, mia))

    assert response.status_code == 302
    assert group_names(mia) == set()
    assert signed_in(mia).get(edit_url(editorial.music_action)).status_code in (302, 403)
    listing = as_admin.get(response.url)
    assert "Mia is no longer an editor of Music24." in messages_of(listing)
    assert "Music24 has no editors yet." in listing.content.decode()


def test_removing_keeps_the_base_group_while_they_edit_another_member(as_admin, editorial):
    mia = editorial.music_editor
    as_admin.post(editors_url(editorial.luton), {"user": "mia"})
    as_admin.post(remove_url(editorial.music24, mia))
    assert group_names(mia) == {"Luton Borough Council editors", MEMBER_EDITORS}
    client = signed_in(mia)
    assert client.get(edit_url(editorial.luton)).status_code == 200
    assert client.get(edit_url(editorial.music24)).status_code in (302, 403)


def test_removing_someone_who_is_not_an_editor_changes_nothing(as_admin, editorial):
    response = as_admin.post(remove_url(editorial.music24, editorial.luton_editor))
    assert response.status_code == 302
    assert "Luton Borough Council editors" in group_names(editorial.luton_editor)
    assert "lou is not an editor of Music24." in messages_of(as_admin.get(response.url))
    assert (
        as_admin.post(f"/admin/members/{editorial.music24.pk}/editors/999999/remove/").status_code
        == 404
    )


def test_changes_are_in_the_page_history(as_admin, admin, editorial):
    make_user("nell", first_name="Nell", last_name="Gwyn")
    as_admin.post(editors_url(editorial.music24), {"user": "nell"})
    as_admin.post(remove_url(editorial.music24, editorial.music_editor))
    entries = PageLogEntry.objects.filter(page=editorial.music24).order_by("pk")
    added = entries.get(action="profiles.editor_added")
    removed = entries.get(action="profiles.editor_removed")
    assert added.user == admin and removed.user == admin
    assert added.data["editor"]["username"] == "nell"
    history = as_admin.get(f"/admin/pages/{editorial.music24.pk}/history/").content.decode()
    assert "Added Nell Gwyn as an editor" in history
    assert "Removed Mia as an editor" in history


def test_only_user_managers_may_use_it(editorial):
    moderator_group = Group.objects.get(name=MODERATORS)
    assert not moderator_group.permissions.filter(codename="change_user").exists()
    for user in (editorial.music_editor, editorial.moderator):
        client = signed_in(user)
        assert client.get(editors_url(editorial.music24)).status_code == 403
        assert client.post(editors_url(editorial.music24), {"user": "lou"}).status_code == 403
        response = client.post(remove_url(editorial.music24, editorial.music_editor))
        assert response.status_code == 403
    assert "Music24 editors" not in group_names(editorial.luton_editor)
    assert "Music24 editors" in group_names(editorial.music_editor)
    # A superuser manages users without any group.
    root = make_user("root", is_superuser=True, is_staff=True)
    assert signed_in(root).get(editors_url(editorial.music24)).status_code == 200


def test_only_member_profiles_have_editors(as_admin, editorial):
    for page in (editorial.directory, editorial.music_action, editorial.home):
        assert as_admin.get(editors_url(page)).status_code == 404
    assert as_admin.get("/admin/members/999999/editors/").status_code == 404


def test_the_page_header_and_listing_offer_it_to_administrators_only(as_admin, editorial):
    link = f'href="{editors_url(editorial.music24)}"'
    assert link in as_admin.get(edit_url(editorial.music24)).content.decode()
    # The directory listing's "more" buttons, one per member.
    directory = as_admin.get(f"/admin/pages/{editorial.directory.pk}/").content.decode()
    assert link in directory
    assert f'href="{editors_url(editorial.luton)}"' in directory
    # Not on other page types, nor for the member's own editor.
    action_page = as_admin.get(edit_url(editorial.music_action)).content.decode()
    assert "/editors/" not in action_page
    own = signed_in(editorial.music_editor).get(edit_url(editorial.music24))
    assert own.status_code == 200
    assert link not in own.content.decode()


def test_the_screen_costs_the_same_at_any_size(as_admin, editorial, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert as_admin.get(editors_url(editorial.music24)).status_code == 200
        return len(queries)

    cost()  # warm the caches (content types, admin menu)
    small = cost()
    for n in range(50):
        member = make_member(editorial.directory, f"Extra member {n}", revision=False)
        make_user(f"extra{n}").groups.add(member_editor_group(member))
    for n in range(5):
        make_user(f"music{n}").groups.add(member_editor_group(editorial.music24))
    large = cost()
    assert large == small
    with django_assert_max_num_queries(15):
        as_admin.get(editors_url(editorial.music24))


# --- Inviting someone new (profiles/editor_invitations.py) ---------------------------------

NELL = {
    "first_name": "Nell",
    "last_name": "Gwyn",
    "email": " Nell.Gwyn@Example.org ",
    "invite": "1",
}


def link_in(body):
    (url,) = re.findall(r"http://\S+/password_reset/confirm/\S+", body)
    return urlparse(url).path


def choose_password(link, password):
    """Follow the invitation's link as the invitee would, and choose a password."""
    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_inviting_makes_an_account_that_only_the_invitee_can_open(as_admin, admin, editorial):
    response = as_admin.post(editors_url(editorial.music24), NELL)

    assert response.status_code == 302
    nell = get_user_model().objects.get(email="nell.gwyn@example.org")
    assert (nell.username, nell.get_full_name()) == ("nell.gwyn@example.org", "Nell Gwyn")
    assert not nell.has_usable_password()
    assert group_names(nell) == {"Music24 editors", MEMBER_EDITORS}
    listing = as_admin.get(response.url)
    assert messages_of(listing) == [
        "Invited Nell Gwyn to edit Music24: an email with a link to choose a password is on "
        "its way to nell.gwyn@example.org."
    ]
    assert "nell.gwyn@example.org" in listing.content.decode()
    entry = PageLogEntry.objects.get(page=editorial.music24, action="profiles.editor_invited")
    assert entry.user == admin and entry.message == "Invited Nell Gwyn as an editor"

    (email,) = mail.outbox
    assert email.to == ["nell.gwyn@example.org"]
    assert email.subject == "You can now edit Music24's pages on Dementia Action Alliance"
    assert "Hello Nell," in email.body and "Your username is: nell.gwyn@example.org" in email.body
    assert "ada has made you an account on Dementia Action Alliance" in email.body
    assert "&#x27;" not in email.subject + email.body

    choose_password(link_in(email.body), "a long passphrase of her own 42")
    client = Client()
    assert client.login(
        username="nell.gwyn@example.org", password="a long passphrase of her own 42"
    )
    assert client.get(edit_url(editorial.music_action)).status_code == 200
    assert client.get(edit_url(editorial.luton)).status_code in (302, 403)
    # The link is spent once used.
    spent = Client().get(link_in(email.body), follow=True).content.decode()
    assert "invalid" in spent.lower()


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"email": "mia@EXAMPLE.org"}, "mia@example.org already has an account on this site"),
        ({"email": "lou"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
        ({"first_name": ""}, "This field is required."),
        ({"first_name": "x" * 151}, "Ensure this value has at most 150 characters"),
    ],
)
def test_bad_invitations_are_form_errors_and_change_nothing(as_admin, editorial, changes, error):
    users_before = get_user_model().objects.count()
    response = as_admin.post(editors_url(editorial.music24), {**NELL, **changes})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert get_user_model().objects.count() == users_before
    assert mail.outbox == []


def test_an_invitation_that_cannot_be_sent_makes_no_account(as_admin, editorial, monkeypatch):
    def refuse(*args, **kwargs):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("profiles.editor_invitations.send_mail", refuse)
    response = as_admin.post(editors_url(editorial.music24), NELL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The invitation could not be sent (Connection unexpectedly closed)" in page
    assert not get_user_model().objects.filter(email="nell.gwyn@example.org").exists()
    assert not PageLogEntry.objects.filter(action="profiles.editor_invited").exists()
    assert 'value="Nell"' in page  # what was typed is kept


@pytest.fixture
def user_keeper(editorial):
    """May change user accounts (so manage editors), not add them."""
    keepers = Group.objects.create(name="User keepers")
    keepers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_user"),
    )
    return signed_in(make_user("kit", groups=[keepers]))


def test_only_those_who_may_add_users_are_offered_the_invitation(editorial, user_keeper):
    page = user_keeper.get(editors_url(editorial.music24))
    assert page.status_code == 200 and "Invite someone new" not in page.content.decode()
    assert user_keeper.post(editors_url(editorial.music24), NELL).status_code == 403
    assert not get_user_model().objects.filter(email="nell.gwyn@example.org").exists()
    assert mail.outbox == []


def test_a_second_invitee_with_the_same_username_gets_another(as_admin, editorial):
    make_user("nell.gwyn@example.org", email="old@example.org")
    response = as_admin.post(editors_url(editorial.music24), NELL)
    assert "already has an account" in response.content.decode()
    # An address Django would not take as a username is made into one.
    as_admin.post(editors_url(editorial.music24), {**NELL, "email": "o'neill@example.org"})
    assert get_user_model().objects.get(email="o'neill@example.org").username == (
        "o_neill@example.org"
    )


def test_an_address_given_an_account_at_the_same_moment_is_a_form_error(
    as_admin, editorial, monkeypatch
):
    # Another administrator's invitation took the username between the check and the save.
    make_user("taken")
    monkeypatch.setattr("profiles.editor_invitations.new_username", lambda email: "taken")
    response = as_admin.post(editors_url(editorial.music24), NELL)
    assert response.status_code == 200
    assert "This address has just been given an account." in response.content.decode()
    assert not get_user_model().objects.filter(email="nell.gwyn@example.org").exists()
    assert mail.outbox == []


def invite_again_url(page, user):
    return f"/admin/members/{page.pk}/editors/{user.pk}/invite-again/"


def test_an_invitation_not_yet_taken_up_is_shown_and_can_be_sent_again(as_admin, editorial):
    as_admin.post(editors_url(editorial.music24), NELL)
    nell = get_user_model().objects.get(email="nell.gwyn@example.org")
    page = as_admin.get(editors_url(editorial.music24)).content.decode()
    assert "Invited: no password chosen yet" in page
    assert invite_again_url(editorial.music24, nell) in page

    response = as_admin.post(invite_again_url(editorial.music24, nell), follow=True)
    assert messages_of(response) == ["Sent Nell Gwyn's invitation again, to nell.gwyn@example.org."]
    first, again = mail.outbox
    assert again.to == ["nell.gwyn@example.org"] and again.subject == first.subject

    # Once she has chosen a password, the invitation is done with.
    choose_password(link_in(again.body), "a long passphrase of her own 42")
    page = as_admin.get(editors_url(editorial.music24)).content.decode()
    assert "Invited: no password chosen yet" not in page
    assert invite_again_url(editorial.music24, nell) not in page
    response = as_admin.post(invite_again_url(editorial.music24, nell), follow=True)
    assert "Nell Gwyn has already chosen a password." in messages_of(response)[0]
    assert len(mail.outbox) == 2


def test_sending_again_only_to_this_members_editors_by_those_who_may_invite(
    as_admin, editorial, user_keeper
):
    stranger = make_user("stranger")
    response = as_admin.post(invite_again_url(editorial.music24, stranger), follow=True)
    assert messages_of(response) == ["stranger is not an editor of Music24."]
    mia = editorial.music_editor
    assert as_admin.get(invite_again_url(editorial.music24, mia)).status_code == 405
    assert user_keeper.post(invite_again_url(editorial.music24, mia)).status_code == 403
    assert mail.outbox == []
