"""schema.org JSON-LD for a member's profile, so search engines and other sites can read
who the organisation is, where it works and which alliances it belongs to.

`member_since` is when the organisation joined the alliance, not when it was founded, so it
is not `foundingDate`: it goes on a schema.org Role (the documented way to date a
`memberOf` link) as `startDate`.
"""

from django.utils.html import strip_tags
from django.utils.text import Truncator

DESCRIPTION_LENGTH = 300


def _absolute(request, url):
    if not url or url.startswith(("http://", "https://")) or request is None:
        return url
    return request.build_absolute_uri(url)


def _site(page, request):
    """The page's site; when serving, the one Wagtail found for the request (with its root
    page already loaded) if the page is in it, which saves two queries."""
    site = getattr(request, "_wagtail_site", None)
    if site is not None and page.path.startswith(site.root_page.path):
        return site
    return page.get_site()


def organisation(profile, request=None, local_alliances=None):
    """An `Organization` dict for OrganisationProfilePage.get_structured_data()."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": profile.title,
        "url": profile.get_full_url(request=request),
    }
    description = " ".join(strip_tags(profile.introduction or "").split())
    if description:
        data["description"] = Truncator(description).chars(DESCRIPTION_LENGTH, truncate="…")
    if profile.logo_id:
        rendition = profile.logo.get_rendition("max-240x160")
        data["logo"] = _absolute(request, rendition.url)
    if profile.website:
        data["sameAs"] = [profile.website]
    if profile.region_id:
        data["areaServed"] = {"@type": "AdministrativeArea", "name": profile.region.name}

    member_of = []
    site = _site(profile, request)
    if site is not None and site.site_name:
        alliance = {
            "@type": "Organization",
            "name": site.site_name,
            "url": site.root_page.get_full_url(request=request),
        }
        if profile.member_since:
            member_of.append(
                {
                    "@type": "Role",
                    "memberOf": alliance,
                    "startDate": profile.member_since.isoformat(),
                }
            )
        else:
            member_of.append(alliance)
    if local_alliances is None:
        local_alliances = profile.local_alliances.live().order_by("title")
    member_of += [
        {
            "@type": "Organization",
            "name": alliance.display_name,
            "url": alliance.get_full_url(request=request),
        }
        for alliance in local_alliances
    ]
    if member_of:
        data["memberOf"] = member_of
    return data
