"""
"Editors of <organisation>": one admin screen per member profile to see, add and remove the
people in its editor group.

Wagtail's own user form lists every group as a checkbox, and with 10,000 members that is
10,000+ checkboxes, too slow to load and impossible to search. Here only the one member's
group is read, so the screen costs the same at any size. Adding and removing go through
profiles/roles.py, which also keeps the site-wide "Member editors" base group right.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter, log

from profiles.editor_invitations import (
    InvitationNotSent,
    InviteEditorForm,
    invite_editor,
    send_invitation,
)
from profiles.models import OrganisationProfilePage
from profiles.roles import (
    add_member_editor,
    member_editor_group,
    remove_member_editor,
)

# Choosing who edits a member is managing users: administrators, not moderators.
MANAGE_PERMISSION = "auth.change_user"
# Inviting someone new makes their account as well.
INVITE_PERMISSION = "auth.add_user"
INVITE_BUTTON = "invite"
EDITOR_ADDED = "profiles.editor_added"
EDITOR_INVITED = "profiles.editor_invited"
EDITOR_REMOVED = "profiles.editor_removed"


def can_manage_editors(user):
    return user.has_perm(MANAGE_PERMISSION)


def is_profile(page):
    # specific_class is read from the content type cache: no query per listing row.
    specific_class = page.specific_class
    return specific_class is not None and issubclass(specific_class, OrganisationProfilePage)


def display_name(user):
    return user.get_full_name() or user.get_username()


def _forbidden(request):
    # A real 403 in the admin's frame; Wagtail would turn PermissionDenied into a redirect
    # to the dashboard, which hides from the person (and from scripts) what went wrong.
    return TemplateResponse(
        request,
        "profiles/admin/member_editors_forbidden.html",
        {"header_title": "Member editors"},
        status=403,
    )


def manages_editors(view):
    # Checked before the page is looked up, so a refused user learns nothing about which
    # pages exist.
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not can_manage_editors(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return checked


class AddEditorForm(forms.Form):
    user = forms.CharField(
        label="Username or email",
        max_length=254,
        help_text=(
            "The person's existing account on this site. Adding them gives them the right to "
            "edit this member's profile and actions (never to publish)."
        ),
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_user(self):
        value = self.cleaned_data["user"]
        User = get_user_model()
        username_field = User.USERNAME_FIELD
        candidates = list(
            User.objects.filter(
                Q(**{f"{username_field}__iexact": value}) | Q(email__iexact=value)
            ).order_by("pk")[:10]
        )
        exact = [user for user in candidates if user.get_username() == value]
        if exact:
            user = exact[0]
        elif len(candidates) == 1:
            user = candidates[0]
        elif not candidates:
            raise forms.ValidationError(
                f"No user has the username or email “{value}”. "
                "Check the spelling, or create their account first (Settings → Users)."
            )
        else:
            raise forms.ValidationError(
                f"More than one user matches “{value}”. Enter their exact username instead."
            )
        if not user.is_active:
            raise forms.ValidationError(
                f"{display_name(user)}'s account is deactivated. Reactivate it first "
                "(Settings → Users)."
            )
        if self.group is not None and user.groups.filter(pk=self.group.pk).exists():
            raise forms.ValidationError(f"{display_name(user)} is already an editor here.")
        return user


def _log(profile, action, request, editor):
    log(
        instance=profile,
        action=action,
        user=request.user,
        data={
            "editor": {
                "id": editor.pk,
                "username": editor.get_username(),
                "name": display_name(editor),
            }
        },
    )


def _breadcrumbs(profile, last):
    return [
        {"url": reverse("wagtailadmin_home"), "label": "Home"},
        {"url": reverse("wagtailadmin_explore", args=[profile.pk]), "label": profile.title},
        {
            "url": reverse("profiles_member_editors", args=[profile.pk]),
            "label": f"Editors of {profile.title}",
        },
        *([{"url": "", "label": last}] if last else []),
    ]


def _add(request, profile, editor):
    with transaction.atomic():
        # Creates the member's group on first use, and adds the base group.
        add_member_editor(editor, profile)
        _log(profile, EDITOR_ADDED, request, editor)
    messages.success(request, f"{display_name(editor)} is now an editor of {profile.title}.")


def _invited(request, profile, form):
    """Invite the person the valid form names; False (with the form's error) if it failed."""
    try:
        editor = invite_editor(
            form,
            profile,
            display_name(request.user),
            log=lambda user: _log(profile, EDITOR_INVITED, request, user),
        )
    except InvitationNotSent as error:
        form.add_error(
            None,
            f"The invitation could not be sent ({error}), so no account was made. "
            "Check the site's email settings, then try again.",
        )
        return False
    except IntegrityError:
        # Someone else gave the address an account a moment ago.
        form.add_error("email", "This address has just been given an account. Add them above.")
        return False
    messages.success(
        request,
        f"Invited {display_name(editor)} to edit {profile.title}: an email with a link to "
        f"choose a password is on its way to {editor.email}.",
    )
    return True


@manages_editors
@require_http_methods(["GET", "POST"])
def member_editors(request, page_id):
    profile = get_object_or_404(OrganisationProfilePage, pk=page_id)
    group = member_editor_group(profile)
    can_invite = request.user.has_perm(INVITE_PERMISSION)
    form, invite_form = AddEditorForm(group=group), InviteEditorForm()
    if request.method == "POST" and INVITE_BUTTON in request.POST:
        if not can_invite:
            return _forbidden(request)
        invite_form = InviteEditorForm(request.POST)
        if invite_form.is_valid() and _invited(request, profile, invite_form):
            return redirect("profiles_member_editors", profile.pk)
    elif request.method == "POST":
        form = AddEditorForm(request.POST, group=group)
        if form.is_valid():
            _add(request, profile, form.cleaned_data["user"])
            return redirect("profiles_member_editors", profile.pk)
    editors = []
    if group is not None:
        editors = group.user_set.order_by("first_name", "last_name", "username")
    return TemplateResponse(
        request,
        "profiles/admin/member_editors.html",
        {
            "profile": profile,
            "group": group,
            "editors": editors,
            "form": form,
            "invite_form": invite_form if can_invite else None,
            "invite_button": INVITE_BUTTON,
            "header_title": f"Editors of {profile.title}",
            "breadcrumbs_items": _breadcrumbs(profile, None),
        },
    )


def _profile_and_editor(request, page_id, user_id):
    """(profile, editor), or (profile, None) with a message when they do not edit it."""
    profile = get_object_or_404(OrganisationProfilePage, pk=page_id)
    editor = get_object_or_404(get_user_model(), pk=user_id)
    group = member_editor_group(profile)
    if group is None or not editor.groups.filter(pk=group.pk).exists():
        messages.error(request, f"{display_name(editor)} is not an editor of {profile.title}.")
        return profile, None
    return profile, editor


def _send_again(request, profile, editor):
    if editor.has_usable_password():
        messages.error(
            request,
            f"{display_name(editor)} has already chosen a password. If they have lost it, "
            "“Forgotten password?” on the sign-in page sends them a new link.",
        )
        return
    try:
        send_invitation(editor, profile, display_name(request.user))
    except InvitationNotSent as error:
        messages.error(request, f"The invitation could not be sent ({error}).")
    else:
        messages.success(
            request, f"Sent {display_name(editor)}'s invitation again, to {editor.email}."
        )


@manages_editors
@require_http_methods(["POST"])
def resend_invitation_view(request, page_id, user_id):
    if not request.user.has_perm(INVITE_PERMISSION):
        return _forbidden(request)
    profile, editor = _profile_and_editor(request, page_id, user_id)
    if editor is not None:
        _send_again(request, profile, editor)
    return redirect("profiles_member_editors", profile.pk)


@manages_editors
@require_http_methods(["GET", "POST"])
def remove_member_editor_view(request, page_id, user_id):
    profile, editor = _profile_and_editor(request, page_id, user_id)
    back = redirect("profiles_member_editors", profile.pk)
    if editor is None:
        return back
    if request.method == "POST":
        with transaction.atomic():
            remove_member_editor(editor, profile)
            _log(profile, EDITOR_REMOVED, request, editor)
        messages.success(
            request, f"{display_name(editor)} is no longer an editor of {profile.title}."
        )
        return back
    return TemplateResponse(
        request,
        "profiles/admin/member_editor_remove.html",
        {
            "profile": profile,
            "editor": editor,
            "header_title": f"Remove {display_name(editor)} as an editor of {profile.title}",
            "breadcrumbs_items": _breadcrumbs(profile, f"Remove {display_name(editor)}"),
        },
    )


urlpatterns = [
    path("members/<int:page_id>/editors/", member_editors, name="profiles_member_editors"),
    path(
        "members/<int:page_id>/editors/<int:user_id>/remove/",
        remove_member_editor_view,
        name="profiles_member_editor_remove",
    ),
    path(
        "members/<int:page_id>/editors/<int:user_id>/invite-again/",
        resend_invitation_view,
        name="profiles_member_editor_invite_again",
    ),
]


class EditorsMenuItem(PageMenuItem):
    label = "Editors"
    icon_name = "group"
    url_name = "profiles_member_editors"

    def is_shown(self, user):
        return is_profile(self.page) and can_manage_editors(user)


def editors_menu_item(page, priority):
    return EditorsMenuItem(page=page, priority=priority)


class EditorChangeFormatter(LogFormatter):
    """ "Added Nell Gwyn as an editor", from the name the entry was written with."""

    verb = ""

    def format_message(self, log_entry):
        try:
            name = log_entry.data["editor"]["name"]
        except (KeyError, TypeError):
            return f"{self.verb} an editor"
        return f"{self.verb} {name} as an editor"


class EditorAddedFormatter(EditorChangeFormatter):
    label = "Add member editor"
    verb = "Added"


class EditorInvitedFormatter(EditorChangeFormatter):
    label = "Invite member editor"
    verb = "Invited"


class EditorRemovedFormatter(EditorChangeFormatter):
    label = "Remove member editor"
    verb = "Removed"


def register_actions(actions):
    actions.register_action(EDITOR_ADDED)(EditorAddedFormatter)
    actions.register_action(EDITOR_INVITED)(EditorInvitedFormatter)
    actions.register_action(EDITOR_REMOVED)(EditorRemovedFormatter)
