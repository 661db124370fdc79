"""
Content-Security-Policy helpers for code that renders third-party content.

The public policy allows only this site's own scripts and styles plus nonced inline
scripts. A feature that renders a script or frame from another host (for example a
consent-gated analytics script or a video embed) calls `allow_sources` while building
that response, so only the responses that really load it widen the policy.
"""

# The attribute django-csp 4 reads on a response to extend the configured policy
# (what its `csp_update` decorator sets). We collect on the request because a template
# tag or view helper runs before the response exists; the middleware copies it over.
REQUEST_ATTR = "_csp_sources"
KEYWORDS = {"'self'", "'none'", "data:", "blob:", "https:"}
BAD_CHARS = set(";,'\"") | set(" \t\r\n")


def allow_sources(request, directive, sources):
    """
    Add `sources` (host names or CSP source expressions) to `directive` for the
    response to this request only. Example:
    `allow_sources(request, "script-src", ["https://stats.example.org"])`.
    """
    if isinstance(sources, str):
        sources = [sources]
    for source in sources:
        # A stray separator or quote would let a caller inject a whole directive.
        if not source or (source not in KEYWORDS and any(c in source for c in BAD_CHARS)):
            raise ValueError(f"Not a CSP source expression: {source!r}")
    extra = getattr(request, REQUEST_ATTR, None)
    if extra is None:
        extra = {}
        setattr(request, REQUEST_ATTR, extra)
    bucket = extra.setdefault(directive, [])
    for source in sources:
        if source not in bucket:
            bucket.append(source)


def requested_sources(request):
    """The extra sources added with `allow_sources` for this request ({} when none)."""
    return getattr(request, REQUEST_ATTR, None) or {}
