"""
Rich text is cleaned when it is saved, whatever wrote it.

Draftail only lets an editor produce its whitelisted features, but API v3 writes,
imports, `manage.py shell` and old data reach RichTextField columns and RichTextBlock
values without passing through the editor, and Wagtail's `|richtext` renders stored HTML
as it is. So every model save (pages, snippets, settings) runs rich text through
Wagtail's own whitelister, extended with the attributes of Wagtail's database format
(`<a linktype="page" id="3">`, `<embed embedtype="image" ...>`): unknown elements such
as <script>, <svg> or <iframe> are unwrapped to plain text, on* and style attributes are
dropped, and a link or image whose URL is javascript:, vbscript: or data: (in any case,
entity-encoded or split by control characters) loses that URL.
"""

from django.db.models.signals import pre_save
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister, attribute_rule, check_url

DATABASE_FORMAT_RULES = {
    **DEFAULT_ELEMENT_RULES,
    "a": attribute_rule({"href": check_url, "linktype": True, "id": True}),
    "embed": attribute_rule(
        {
            "embedtype": True,
            "id": True,
            "format": True,
            "alt": True,
            "url": check_url,
        }
    ),
}


class DatabaseFormatWhitelister(Whitelister):
    element_rules = DATABASE_FORMAT_RULES


_whitelister = DatabaseFormatWhitelister()


def clean_rich_text(html):
    """Stored rich text (Wagtail's database format) with anything executable removed."""
    if not html or "<" not in html and "&" not in html:
        return html
    return _whitelister.clean(html)


def clean_block_value(block, value):
    """Clean every RichTextBlock inside a block value (struct, stream and list blocks)."""
    if value is None:
        return value
    if isinstance(block, blocks.RichTextBlock):
        source = value.source if isinstance(value, RichText) else str(value)
        cleaned = clean_rich_text(source)
        return value if cleaned == source else RichText(cleaned)
    if isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            if name in value:
                value[name] = clean_block_value(child_block, value[name])
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            child.value = clean_block_value(child.block, child.value)
    elif isinstance(block, blocks.ListBlock):
        for child in getattr(value, "bound_blocks", []):
            child.value = clean_block_value(child.block, child.value)
    return value


def clean_instance(sender, instance, raw=False, **kwargs):
    # raw: loading fixtures, which restore data exactly as dumped.
    if raw:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, RichTextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, clean_rich_text(value))
        elif isinstance(field, StreamField):
            value = getattr(instance, field.attname)
            if value is not None and hasattr(value, "stream_block"):
                clean_block_value(value.stream_block, value)


def connect():
    pre_save.connect(clean_instance, dispatch_uid="security.clean_rich_text")
