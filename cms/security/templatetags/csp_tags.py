from django import template

from cms.security.csp import allow_sources

register = template.Library()


@register.simple_tag(takes_context=True)
def csp_allow(context, directive, *sources):
    """
    `{% csp_allow "script-src" "https://stats.example.org" %}` in the template that
    renders a third-party script widens the CSP for this response only. Renders nothing.
    """
    request = context.get("request")
    if request is not None:
        allow_sources(request, directive, [source for source in sources if source])
    return ""
