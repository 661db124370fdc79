"""
What the current request may run, decided once per request.

`consent_cache_variant` names the few possible consent states ("none", "gpc",
"3:analytics,media", "3:" for rejected) so a page cache can key on it instead of on
the visitor; ConsentMiddleware adds `Vary: Cookie, Sec-GPC` whenever a response used it.
"""

from dataclasses import dataclass, field

from django.conf import settings

from cms.caching import generation
from cms.caching.per_generation import GenerationMemory

from . import cookie
from .models import ConsentPolicy, GatedScript


@dataclass(frozen=True)
class ConsentState:
    policy: ConsentPolicy | None
    decided: bool = False
    accepted: frozenset = field(default_factory=frozenset)
    source: str = "none"  # "none", "cookie" or "gpc"
    consent_id: str | None = None

    def allows(self, slug):
        if self.policy is None:
            return False
        for category in self.policy.categories.all():
            if category.slug == slug and category.is_necessary:
                return True
        return slug in self.accepted

    @property
    def show_banner(self):
        return self.policy is not None and not self.decided


@dataclass(frozen=True)
class Configuration:
    """What every page's banner and gated scripts are made from."""

    policy: ConsentPolicy | None
    scripts: tuple = ()  # enabled GatedScripts, by name

    def scripts_for(self, placement):
        return [script for script in self.scripts if script.placement == placement]


# Kept per process, keyed by the content generation (cms/caching/generation.py), so the
# banner costs no query on most requests. It is exactly as fresh as the page cache: a
# publish of the policy and a save of a gated script change the generation in their own
# transaction, so every process reloads on its next request after the commit; saves in
# this process also clear it at once (`forget`, connected in apps.py).
_known_configuration = GenerationMemory()


def _read_configuration():
    return Configuration(
        policy=ConsentPolicy.get_live(),
        scripts=tuple(GatedScript.objects.filter(enabled=True)),
    )


def configuration(request):
    if not hasattr(request, "_consent_configuration"):
        gen = getattr(request, "content_generation", None)
        if gen is None:
            gen = generation.current()
        request._consent_configuration = _known_configuration.get(gen, _read_configuration)
    return request._consent_configuration


def forget(**kwargs):
    _known_configuration.forget()


def live_policy(request):
    return configuration(request).policy


def consent_state(request):
    if hasattr(request, "_consent_state"):
        return request._consent_state
    policy = live_policy(request)
    state = ConsentState(policy=policy)
    if policy is not None:
        data = cookie.decode(
            request.COOKIES.get(cookie.COOKIE_NAME),
            version=policy.version,
            lifetime_days=policy.lifetime_days,
        )
        if data is not None:
            optional = set(policy.optional_slugs)
            state = ConsentState(
                policy=policy,
                decided=True,
                accepted=frozenset(s for s in data["c"] if s in optional),
                source="cookie",
                consent_id=data.get("id"),
            )
        elif request.headers.get("Sec-GPC", "").strip() == "1":
            # Global Privacy Control: the browser already said "don't sell or share",
            # which we take as "reject everything optional" until the visitor says otherwise.
            state = ConsentState(policy=policy, decided=True, source="gpc")
    request._consent_state = state
    return state


def consent_cache_variant(request):
    state = consent_state(request)
    if state.policy is None or not state.decided:
        return "none"
    if state.source == "gpc":
        return "gpc"
    return f"{state.policy.version}:{','.join(sorted(state.accepted))}"


def embed_category():
    return getattr(settings, "CONSENT_EMBED_CATEGORY", "media")
