"""
The editor's content checker (Wagtail's userbar "Checks" item, built on axe-core), configured
for this site: the accessibility rules that matter for editor-written content, plus a
plain-language check for words people living with dementia ask writers to avoid and for
paragraphs too long to follow. The check functions live in cms/static/js/content-checks.js.
"""

from django.forms import Media
from wagtail.admin.userbar import ContentCheckerItem

# Words the Dementia Engagement and Empowerment Project (DEEP) and Alzheimer's Society
# language guides ask writers not to use, with the wording they suggest instead.
AVOID_WORDS = {
    "sufferer": "a person living with dementia",
    "sufferers": "people living with dementia",
    "suffering from": "living with",
    "suffers from": "lives with",
    "demented": "a person living with dementia",
    "senile": "a person living with dementia",
    "victim": "a person living with dementia",
    "victims": "people living with dementia",
    "burden": "support, or caring for someone",
}

# Link text that means nothing out of context (screen reader link lists, people skimming).
VAGUE_LINK_TEXT = ["click here", "here", "read more", "more", "link", "this link", "this page"]

# Short paragraphs are easier to follow; GOV.UK and DEEP suggest a few sentences each.
MAX_PARAGRAPH_WORDS = 100

# Where editors' words appear: the main content, not the site's own header and footer.
CONTENT_SELECTOR = ", ".join(
    f"main {tag}" for tag in ("p", "li", "h1", "h2", "h3", "h4", "dd", "td", "blockquote")
)


class SiteContentCheckerItem(ContentCheckerItem):
    # Wagtail's defaults plus the rules that catch editor mistakes on this site's pages.
    axe_run_only = [
        *ContentCheckerItem.axe_run_only,
        "image-alt",
        "document-title",
        "page-has-heading-one",
        "empty-table-header",
        "list",
        "listitem",
        "plain-language-words",
        "long-paragraph",
        "vague-link-text",
    ]

    axe_custom_rules = [
        *ContentCheckerItem.axe_custom_rules,
        {
            "id": "plain-language-words",
            "impact": "serious",
            "selector": CONTENT_SELECTOR,
            "tags": ["best-practice", "plain-language"],
            "any": ["check-plain-language-words"],
            "enabled": True,
        },
        {
            "id": "long-paragraph",
            "impact": "moderate",
            "selector": "main p",
            "tags": ["best-practice", "plain-language"],
            "any": ["check-long-paragraph"],
            "enabled": True,
        },
        {
            "id": "vague-link-text",
            "impact": "serious",
            "selector": "main a[href]",
            "tags": ["best-practice", "plain-language"],
            "any": ["check-vague-link-text"],
            "enabled": True,
        },
    ]

    axe_custom_checks = [
        *ContentCheckerItem.axe_custom_checks,
        {"id": "check-plain-language-words", "options": {"words": sorted(AVOID_WORDS)}},
        {"id": "check-long-paragraph", "options": {"maxWords": MAX_PARAGRAPH_WORDS}},
        {"id": "check-vague-link-text", "options": {"phrases": VAGUE_LINK_TEXT}},
    ]

    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "plain-language-words": {
            "error_name": "Words to avoid when writing about dementia",
            "help_text": "Avoid "
            + ", ".join(f"“{word}”" for word in sorted(AVOID_WORDS))
            + ". Say “person living with dementia” or “living with dementia” instead.",
        },
        "long-paragraph": {
            "error_name": "Paragraph is too long",
            "help_text": f"Keep paragraphs under {MAX_PARAGRAPH_WORDS} words: "
            "split it into shorter paragraphs or a list.",
        },
        "vague-link-text": {
            "error_name": "Link text does not say where it goes",
            "help_text": "Instead of “click here” or “read more”, use words that make sense "
            "on their own, such as the title of the page the link opens",
        },
        "image-alt": {
            "error_name": "Image has no alt text",
            "help_text": "Describe the image, or mark it as decorative",
        },
        "page-has-heading-one": {
            "error_name": "Page has no main heading",
            "help_text": "Every page needs a title shown as its main heading",
        },
    }

    @property
    def media(self):
        # Rendered after Wagtail's userbar script and before the page's load event, when
        # the userbar starts axe, so the check functions are registered in time.
        return Media(js=["js/content-checks.js"])
