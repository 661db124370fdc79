"""Logos load lazily at the right size, renditions are made once, static files cache forever."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.profiles_support import make_alliance, make_member


def make_logo(title="Logo", size=(600, 400)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "navy").save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.png")
    )


@pytest.fixture
def members_with_logos(member_directory, home_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Wagtail's rendition cache outlives each test's database (where image ids repeat).
    get_image_model().get_rendition_model().cache_backend.clear()
    alliance = make_alliance(home_page, "Luton DAA", "luton-daa")
    members = [
        make_member(member_directory, f"Logo member {n}", logo=make_logo(f"Logo{n}"))
        for n in range(3)
    ]
    for member in members:
        member.local_alliances = [alliance]
        member.save_revision().publish()
    return members, alliance


@pytest.mark.parametrize("where", ["directory", "alliance"])
def test_card_logos_are_lazy_sized_and_responsive(client, members_with_logos, where):
    members, alliance = members_with_logos
    url = "/members/" if where == "directory" else alliance.url
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    logos = soup.select(".card img")
    assert len(logos) == 3
    for img in logos:
        assert img["loading"] == "lazy"
        assert img["alt"] == ""  # decorative: the card's heading names the member
        # max-120x80 of a 600x400 logo: the browser reserves exactly this box.
        assert (img["width"], img["height"]) == ("120", "80")
        candidates = [part.split()[1] for part in img["srcset"].split(",")]
        assert candidates == ["120w", "240w"]
        assert img["sizes"] == "120px"


def test_profile_logo_is_lazy_and_responsive(client, members_with_logos):
    member = members_with_logos[0][0]
    img = BeautifulSoup(client.get(member.url).content, "html.parser").select_one(
        ".page-header img"
    )
    assert img["loading"] == "lazy" and (img["width"], img["height"]) == ("240", "160")
    assert "480w" in img["srcset"] and img["sizes"] == "240px"


def test_renditions_are_made_once_and_then_come_from_the_rendition_cache(
    client, members_with_logos
):
    renditions = get_image_model().get_rendition_model().objects
    # Wagtail keeps renditions in the "renditions" cache (else the default one), which
    # outlives each test's database: start empty, as a fresh deployment does.
    get_image_model().get_rendition_model().cache_backend.clear()
    client.get("/members/")
    made = renditions.count()
    assert made == 6  # two sizes of three logos
    with CaptureQueriesContext(connection) as queries:
        client.get("/members/")
    assert renditions.count() == made
    assert not [q for q in queries.captured_queries if "wagtailimages_rendition" in q["sql"]]


@pytest.fixture
def collected_static(tmp_path, settings):
    """Our own static files collected as production does: hashed names, compressed copies."""
    root = tmp_path / "staticfiles"
    with override_settings(
        STATIC_ROOT=root,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        DEBUG=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_hashed_static_files_are_cached_for_ever_and_served_compressed(collected_static):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from whitenoise.middleware import WhiteNoiseMiddleware

    hashed = staticfiles_storage.url("css/site.css")
    assert hashed != "/static/css/site.css"  # the name carries the content hash
    middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
    request = RequestFactory().get(hashed, HTTP_ACCEPT_ENCODING="gzip")
    response = middleware(request)
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"

    # The unhashed name (for anything that cannot know the hash) is cached briefly only.
    plain = middleware(RequestFactory().get("/static/css/site.css"))
    assert plain.status_code == 200
    assert plain["Cache-Control"] == "max-age=3600, public"


def test_static_files_are_read_once_for_every_middleware_chain(collected_static):
    """Wagtail builds a middleware chain for every preview; the static directory is read
    by the first chain only, and every chain serves the files (cms/static_serving.py)."""
    from unittest import mock

    from django.contrib.staticfiles.storage import staticfiles_storage
    from whitenoise.base import WhiteNoise

    from cms.static_serving import StaticFilesReadOnceMiddleware

    hashed = staticfiles_storage.url("css/site.css")
    with mock.patch.object(
        WhiteNoise,
        "update_files_dictionary",
        autospec=True,
        side_effect=WhiteNoise.update_files_dictionary,
    ) as reading:
        chains = [StaticFilesReadOnceMiddleware(get_response=lambda r: None) for _ in range(3)]
    assert reading.call_count == 1
    for middleware in chains:
        response = middleware(RequestFactory().get(hashed, HTTP_ACCEPT_ENCODING="gzip"))
        assert response.status_code == 200
        assert response["Cache-Control"] == "max-age=315360000, public, immutable"


def test_the_site_serves_static_files_through_the_read_once_middleware():
    from django.conf import settings

    assert "cms.static_serving.StaticFilesReadOnceMiddleware" in settings.MIDDLEWARE
    assert "whitenoise.middleware.WhiteNoiseMiddleware" not in settings.MIDDLEWARE
