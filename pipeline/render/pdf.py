"""PDF edition: Document -> HTML (Jinja2) -> PDF (WeasyPrint)."""
from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.text.ffi import harfbuzz_subset
from weasyprint.urls import URLFetcher

from ..edition import stylesheet
from ..model import Document
from ..output import atomic_path
from ..paths import STYLES, TEMPLATES
from . import justify, leaders
from .html import render_html
from .options import RenderOptions

log = logging.getLogger(__name__)


class ProjectFilesOnly(URLFetcher):
    """Serve the project's own templates and styles; refuse every other URL.

    The text is the author's, and may name `file:///etc/passwd` or an http
    address: nothing it names may be fetched into the edition.
    """

    ROOTS = (TEMPLATES.resolve(), STYLES.resolve())

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not any(path.is_relative_to(root) for root in self.ROOTS):
            raise ValueError(f"refused to fetch {url}: not one of the project's files")
        return super().fetch(url, headers)


def font_subsetter() -> str:
    """Which library WeasyPrint subsets fonts with: HarfBuzz is ~15x faster for CJK."""
    return "harfbuzz" if harfbuzz_subset is not None else "fonttools"


def render_pdf(source: Path, document: Document, out: Path, options: RenderOptions) -> None:
    if font_subsetter() != "harfbuzz":
        log.warning("WARNING: libharfbuzz-subset0 not found: WeasyPrint falls back to fontTools, "
                    "which takes over 20 s for CJK fonts (apt-get install libharfbuzz-subset0)")
    justify.install()
    leaders.install()
    fetcher = ProjectFilesOnly()
    html = weasyprint.HTML(string=render_html(document), base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
    print_css = stylesheet("print.css", document.metadata.lang)
    stylesheets = [weasyprint.CSS(string=print_css, base_url=STYLES.as_uri() + "/", url_fetcher=fetcher),
                   weasyprint.CSS(string=options.page.css(), url_fetcher=fetcher)]
    with atomic_path(out) as tmp:
        html.write_pdf(tmp, stylesheets=stylesheets, pdf_tags=True)
