"""The visitor's address for login throttling, trusting only proxies we were told about."""

from django.conf import settings


def client_ip(request):
    """
    REMOTE_ADDR, unless TRUSTED_PROXY_COUNT says that many proxies of ours sit in front
    of the app: then the address the outermost of them saw, taken from the right-hand
    end of X-Forwarded-For (the left-hand entries are whatever the client claimed).
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
