"""Inviting someone new to edit a member: an account, the member's editor rights, and an email
with a link to choose their own password.

Without it an administrator made the account in Settings -> Users, made up a password and
passed it on, then came back to the member's Editors screen. Here the person chooses their
password through Wagtail's own password-reset page, so no one else ever knows it, and the
account stays unusable until they do.
"""

import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from profiles.roles import add_member_editor

# Characters Django's username validator refuses, replaced in a username made from an email.
NOT_IN_USERNAMES = re.compile(r"[^\w.@+-]")


class InviteEditorForm(forms.Form):
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        help_text="How the invitation greets them, and how the admin names them.",
    )
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text=(
            "The invitation goes here, with a link to choose a password. Their username "
            "will be this address."
        ),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        User = get_user_model()
        existing = User.objects.filter(
            Q(email__iexact=email) | Q(**{f"{User.USERNAME_FIELD}__iexact": email})
        ).first()
        if existing is not None:
            raise forms.ValidationError(
                f"{email} already has an account on this site (username “"
                f"{existing.get_username()}”). Add them under “Add an editor” instead."
            )
        return email


class InvitationNotSent(Exception):
    """The email could not be sent; nothing was saved."""


def new_username(email):
    """The email address as a username, made valid and unique."""
    User = get_user_model()
    max_length = User._meta.get_field(User.USERNAME_FIELD).max_length
    base = NOT_IN_USERNAMES.sub("_", email)[:max_length]
    username, number = base, 1
    while User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists():
        number += 1
        suffix = f"-{number}"
        username = f"{base[: max_length - len(suffix)]}{suffix}"
    return username


def set_password_url(user):
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def send_invitation(user, profile, invited_by):
    """Email `user` their link; `invited_by` is the name the email gives as the sender.
    Raises InvitationNotSent when the email cannot be sent."""
    context = {
        "user": user,
        "profile": profile,
        "invited_by": invited_by,
        "set_password_url": set_password_url(user),
        "login_url": f"{settings.WAGTAILADMIN_BASE_URL}{reverse('wagtailadmin_login')}",
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = render_to_string("profiles/email/invitation_subject.txt", context).strip()
    body = render_to_string("profiles/email/invitation_body.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except OSError as error:  # smtplib's errors, refused connections, timeouts
        raise InvitationNotSent(str(error) or error.__class__.__name__) from error


def invite_editor(form, profile, invited_by, log):
    """Make the account, give it the member's editor rights and send the invitation (from the
    name `invited_by`); all of it or, when the email cannot be sent, none of it. `log(user)`
    records the change."""
    data = form.cleaned_data
    # InvitationNotSent from the last step undoes the others.
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            new_username(data["email"]),
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )  # no password given: unusable until they choose one
        add_member_editor(user, profile)
        log(user)
        send_invitation(user, profile, invited_by)
    return user
