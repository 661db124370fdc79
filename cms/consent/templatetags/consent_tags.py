import json
from urllib.parse import urlsplit

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from cms.security.csp import allow_sources

from ..embeds import embed_placeholder_html
from ..state import configuration, consent_cache_variant, consent_state

register = template.Library()


@register.inclusion_tag("consent/banner.html", takes_context=True)
def consent_banner(context):
    """
    The banner: the same markup for everyone. Only the `hidden` attribute and the
    state attribute on the wrapper follow the consent variant (a handful of values).
    """
    request = context.get("request")
    if request is None:
        return {"policy": None}
    state = consent_state(request)
    policy = state.policy
    # After a no-JavaScript choice the redirect carries ?cookies=saved (see views.choose).
    just_saved = state.decided and request.GET.get("cookies") == "saved"
    return {
        "just_saved": just_saved,
        "request": request,
        "policy": policy,
        "categories": list(policy.categories.all()) if policy else [],
        "hidden": (not state.show_banner and not just_saved) or context.get("hide_consent_banner"),
        "variant": consent_cache_variant(request),
        "config": json.dumps(
            {
                "version": policy.version,
                "lifetime": policy.lifetime_days,
                "optional": policy.optional_slugs,
                "cookies": {c.slug: c.cookie_names for c in policy.optional_categories},
            }
            if policy
            else {}
        ),
    }


# What a consented third party may do in the page: run its script, show its frame or
# pixel, send its beacons. Allowed for every visitor (the page's policy is the same for
# everyone, so a cached page stays valid); the consent engine decides whether it loads.
THIRD_PARTY_DIRECTIVES = ("script-src", "frame-src", "img-src", "connect-src")


def csp_source(address):
    """`https://stats.example.org/a.js` -> `https://stats.example.org`; bare hosts as given."""
    parts = urlsplit(address.strip())
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return address.strip()


def allow_consented_hosts(request, policy, scripts):
    """Let the Content-Security-Policy admit the hosts the consent policy declares."""
    sources = {csp_source(script.src) for script in scripts if script.src}
    for category in policy.optional_categories:
        sources.update(csp_source(host) for host in category.host_list)
    sources.discard("")
    for directive in THIRD_PARTY_DIRECTIVES:
        allow_sources(request, directive, sorted(sources))


def response_nonce(request):
    """This response's CSP nonce. django-csp's lazy nonce is falsy until first read, so
    it is read here (which also puts it in the header) rather than tested for truth."""
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else ""


def _render_scripts(request, placement):
    state = consent_state(request)
    if state.policy is None:
        return ""
    scripts = configuration(request).scripts_for(placement)
    allow_consented_hosts(request, state.policy, scripts)
    nonce = response_nonce(request)
    nonce_attr = format_html(' nonce="{}"', nonce) if nonce else ""
    parts = []
    for script in scripts:
        if state.allows(script.category):
            # Allowed for this request: a normal script, run on first load.
            if script.src:
                parts.append(
                    format_html(
                        '<script src="{}"{} data-consent-category="{}" data-consent-loaded>'
                        "</script>",
                        script.src,
                        nonce_attr,
                        script.category,
                    )
                )
            else:
                parts.append(
                    format_html(
                        '<script{} data-consent-category="{}" data-consent-loaded>{}</script>',
                        nonce_attr,
                        script.category,
                        mark_safe(script.code.replace("</", "<\\/")),  # noqa: S308
                    )
                )
        else:
            # Inert until the visitor accepts: browsers neither fetch nor run text/plain.
            parts.append(
                format_html(
                    '<script type="text/plain"{} data-consent-category="{}" data-consent-src="{}">'
                    "{}</script>",
                    nonce_attr,
                    script.category,
                    script.src,
                    mark_safe(script.code.replace("</", "<\\/")),  # noqa: S308
                )
            )
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308


@register.simple_tag(takes_context=True)
def consent_head(context):
    """Stylesheet and head-placed gated scripts; goes in <head>."""
    request = context.get("request")
    css = format_html('<link rel="stylesheet" href="{}">', static("consent/consent.css"))
    if request is None:
        return css
    return css + _render_scripts(request, "head")


@register.simple_tag(takes_context=True)
def consent_scripts(context):
    """Body-placed gated scripts and the consent engine; goes at the end of <body>."""
    request = context.get("request")
    if request is None:
        return ""
    nonce = response_nonce(request)
    engine = format_html(
        '<script src="{}"{} defer></script>',
        static("consent/consent.js"),
        format_html(' nonce="{}"', nonce) if nonce else "",
    )
    return _render_scripts(request, "body") + engine


@register.simple_tag(takes_context=True)
def consent_allows(context, slug):
    """True when this request may run category `slug` (for templates gating their own bits)."""
    request = context.get("request")
    return bool(request) and consent_state(request).allows(slug)


@register.filter
def consent_cookie_rows(category):
    return format_html_join("", "<li><code>{}</code> {}</li>", category.cookie_list)


@register.filter
def consent_embed(url):
    """
    A click-to-load embed for a URL, for StreamField EmbedBlocks and templates:
    `{{ value.url|consent_embed }}`. Rich text embeds get the same automatically.
    """
    if not url:
        return ""
    return mark_safe(embed_placeholder_html(str(url)))  # noqa: S308 (our own template)
