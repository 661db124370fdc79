from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 or 3 so pages keep one h1 and headings stay in order."""

    text = blocks.CharBlock(label="Heading text", max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-section heading")],
        default="h2",
        label="Heading size",
        help_text="Use a section heading first; sub-sections go under it.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = "Heading"
        description = "A heading that starts a new section of the page."
        preview_value = {"text": "How to get involved", "level": "h2"}


class StandardStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
        label="Paragraph",
        template="blocks/paragraph_block.html",
        description="Plain text with links and lists.",
        preview_value="<p>Local alliances bring together organisations in one area.</p>",
    )
