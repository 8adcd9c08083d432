"""An outside rule plugin used by the tests: it reports where the engine says things are.

It is not part of leadlint: tests load it through the config's ``plugins`` key and as an
installed distribution with a ``leadlint.rules`` entry point, the two ways a third party
ships rules.
"""

from leadlint.rule import rule


@rule("PRB001", "position-probe", severity="note", summary="Reports the position of every view item")
def position_probe(post, ctx):
    """
    ## What it does
    Reports each front-matter key, list item, heading, image, image URL, Liquid tag and
    JSON-LD value, so tests can compare positions across encodings and line endings.
    """
    for path, entry in post.front_matter.entries.items():
        yield ctx.finding(f"key {path}", (entry.key or entry.value).start, entry.value.end)
    for heading in post.headings:
        yield ctx.finding(f"heading {heading.text}", heading.start, heading.end)
    for image in post.images:
        yield ctx.finding(f"image {image.alt}", image.start, image.end)
        yield ctx.finding(f"image url {image.url}", image.url_start, image.url_end)
    for tag in post.liquid.tags:
        yield ctx.finding(f"liquid {tag.name} {tag.markup}", tag.start, tag.end)
    for block in post.json_ld:
        for path, (start, end) in block.spans.items():
            yield ctx.finding(f"json {path}", start, end)
