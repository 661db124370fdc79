"""Where the admin offers groups, when every member organisation has a group of its own.

Each member has its own editor group (profiles/roles.py), so at the alliance's size the
users admin would offer 10,000 groups: 10,000 checkboxes on every user's Roles tab (1–2 s
to draw, the three site-wide roles lost among them) and as many choices in the users
listing's group filter. Here both offer the site-wide roles alone. Which members a user
edits is shown, and kept as it is when the form is saved; it is changed on each member's
own editors page (profiles/editors_admin.py), where the member is already chosen.

The users listing's "Assign role" bulk action and a page's privacy ("Private, accessible to
users in specific groups") offered every group as well (1–2 MB, 0.8 s and over 3 s): the
first offers the roles, the second the roles and the groups already chosen.
"""

from django import forms
from django.contrib.auth.models import Group
from wagtail.admin.forms.pages import PageViewRestrictionForm
from wagtail.admin.views.page_privacy import SetPrivacyView
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction

from profiles.roles import member_editor_groups

# How many of a user's members the Roles tab names before saying how many more.
NAMED_MEMBERS = 10


def role_groups():
    """Every other group: the site-wide roles and any group an administrator made."""
    return Group.objects.exclude(pk__in=member_editor_groups().values("pk")).order_by("name")


class RoleGroupsFormMixin:
    """The Roles tab lists the role groups; a user's member groups are named in its help
    text and saved back unchanged, so saving a user never takes a member away."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_member_groups = []
        if "groups" not in self.fields:
            return
        self.fields["groups"].queryset = role_groups()
        if self.instance.pk:
            self.kept_member_groups = list(
                member_editor_groups().filter(user=self.instance).order_by("name")
            )
        self.fields["groups"].help_text = self.groups_help_text()

    def groups_help_text(self):
        text = "Site-wide roles."
        if self.kept_member_groups:
            names = [group.name for group in self.kept_member_groups[:NAMED_MEMBERS]]
            more = len(self.kept_member_groups) - len(names)
            listed = ", ".join(names) + (f" and {more} more" if more else "")
            text += f" Also in: {listed}."
        return (
            f"{text} A member organisation's editors are added and removed on that member's "
            "own Editors page (Pages, open the member, More, Editors)."
        )

    def clean_groups(self):
        return [*self.cleaned_data["groups"], *self.kept_member_groups]


class RoleGroupsCreationForm(RoleGroupsFormMixin, UserCreationForm):
    pass


class RoleGroupsEditForm(RoleGroupsFormMixin, UserEditForm):
    pass


class UserFilterSet(users.UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].queryset = role_groups()


class UserViewSet(users.UserViewSet):
    filterset_class = UserFilterSet

    def get_form_class(self, for_update=False):
        return RoleGroupsEditForm if for_update else RoleGroupsCreationForm


class RoleAssignmentForm(forms.Form):
    role = forms.ModelChoiceField(queryset=Group.objects.none(), label="Role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = role_groups()


class AssignSiteRoleBulkAction(AssignRoleBulkAction):
    """Wagtail's "Assign role", offering the site-wide roles (registered after Wagtail's own,
    which it replaces: wagtail_hooks.py)."""

    form_class = RoleAssignmentForm


class RoleGroupsPrivacyForm(PageViewRestrictionForm):
    """The groups a private page may be shown to: the roles, and any member group the
    page's restriction already names (so opening and saving it changes nothing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.instance.groups.values("pk") if self.instance.pk else []
        self.fields["groups"].queryset = Group.objects.exclude(
            pk__in=member_editor_groups().exclude(pk__in=chosen).values("pk")
        ).order_by("name")


class RoleGroupsPrivacyView(SetPrivacyView):
    form_class = RoleGroupsPrivacyForm
