"""Fixtures shared by the whole suite."""

import pytest
from wagtail.models import Site


@pytest.fixture
def home_page(db):
    """The HomePage that the data migration makes the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific
