"""A test plugin whose findings depend on the rest of the site and on an option."""

from leadlint.rule import rule


@rule("PRB100", "site-size-probe", severity="warning", summary="Reports how many posts the site has",
      options={"label": "posts"}, uses_site=True)
def site_size_probe(post, ctx):
    """
    ## What it does
    Reports the number of files in the site's post index, labelled by the `label` option.
    """
    yield ctx.finding(f"{len(ctx.site.posts)} {ctx.options['label']}; first line: {post.source.line_text(1)}", 0)
