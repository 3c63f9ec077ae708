"""PDF rendering. The only module in the project that imports WeasyPrint.

Every resource WeasyPrint wants (stylesheets, @import, @font-face, images, attachments,
SVG sub-resources) goes through :class:`StaticOnlyURLFetcher`, which serves our own static
files and nothing else: no ``file://``, no network, no other scheme. A refused resource is
reported to WeasyPrint as a failed fetch, so it is left out and the rest of the PDF renders.

Documents are parsed with a private base URL (:data:`PDF_BASE_URL`), so the ``/static/...``
paths the ``{% static %}`` tag produces resolve to ``https://pdf.helsefellesskap.invalid/static/...``
and are looked up with the staticfiles finders (no collectstatic needed). The ``.invalid`` host
is only a name: the fetcher never opens a connection.
"""

from __future__ import annotations

import base64
import binascii
import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

PDF_BASE_URL = "https://pdf.helsefellesskap.invalid/"

# Small inline images only; anything else in a data: URL is refused.
DATA_IMAGE_MAX_BYTES = 512 * 1024
_DATA_IMAGE_RE = re.compile(r"data:(image/(?:png|jpeg|gif|webp))(?:;[a-z0-9=._-]+)*;base64,", re.IGNORECASE)


class PdfResourceRefused(ValueError):
    """A resource the PDF asked for is not one of our static files.

    Inherits from ``Exception`` (not WeasyPrint's ``FatalURLFetchingError``), so WeasyPrint
    treats it as a failed fetch: it logs it, skips the resource and goes on rendering.
    """


def _static_prefixes() -> list[tuple[str, str, str]]:
    """(scheme, netloc, path prefix) under which URLs are mapped to static files.

    With the default ``STATIC_URL = "/static/"`` that is our private origin + ``/static/``;
    an absolute STATIC_URL (a CDN) is mapped too, still to local files only.
    """
    parts = urlsplit(urljoin(PDF_BASE_URL, settings.STATIC_URL))
    prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
    return [(parts.scheme.lower(), parts.netloc.lower(), prefix)]


def _static_roots() -> list[Path]:
    """Directories a served file must lie in: the finders' locations and STATIC_ROOT."""
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def _clean_static_name(raw: str) -> str:
    """Percent-decode and validate a path below STATIC_URL; refuse anything odd."""
    name = unquote(raw)
    segments = name.split("/")
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or ":" in name
        or any(segment in ("", ".", "..") for segment in segments)
    ):
        raise PdfResourceRefused(f"Refused static path: {raw[:200]!r}")
    return name


def _candidate_names(name: str) -> list[str]:
    """The name itself and, with a manifest storage, the unhashed source name."""
    names = [name]
    hashed_files = getattr(staticfiles_storage, "hashed_files", None)
    if hashed_files:
        names += [original for original, hashed in hashed_files.items() if hashed == name]
    return names


def find_static_file(name: str) -> Path:
    """Resolve a validated static name to a file inside our static roots, or refuse."""
    found = None
    for candidate in _candidate_names(name):
        try:
            found = finders.find(candidate)
        except SuspiciousFileOperation:
            found = None
        if found:
            break
    if not found and settings.STATIC_ROOT:
        found = Path(settings.STATIC_ROOT) / name  # a collected (possibly hashed) file
    if not found:
        raise PdfResourceRefused(f"No such static file: {name!r}")
    path = Path(found).resolve()
    if not path.is_file() or not any(path.is_relative_to(root) for root in _static_roots()):
        raise PdfResourceRefused(f"No such static file: {name!r}")
    return path


class StaticOnlyURLFetcher(URLFetcher):
    """WeasyPrint (≥ 70) URL fetcher serving only our static files (and small data: images).

    WeasyPrint 70 calls ``url_fetcher(url)`` (→ :meth:`fetch`) and reads the
    ``_fail_on_errors`` attribute set by ``URLFetcher.__init__``, so this must be a
    ``URLFetcher`` subclass. The inherited urllib machinery is never used: :meth:`fetch`
    does not call ``super().fetch()``, and ``allowed_protocols=()`` would refuse every
    scheme even if it did.
    """

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.prefixes = _static_prefixes()

    def fetch(self, url, headers=None):
        if _DATA_IMAGE_RE.match(url):
            return self._fetch_data_image(url)
        parts = urlsplit(url)
        scheme, netloc = parts.scheme.lower(), parts.netloc.lower()
        for prefix_scheme, prefix_netloc, prefix_path in self.prefixes:
            if (scheme, netloc) == (prefix_scheme, prefix_netloc) and parts.path.startswith(prefix_path):
                name = _clean_static_name(parts.path[len(prefix_path) :])
                break
        else:
            log.warning("PDF: refused to fetch %s", url[:200])
            raise PdfResourceRefused(f"Only our static files may be used in PDFs: {url[:200]}")
        path = find_static_file(name)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    @staticmethod
    def _fetch_data_image(url):
        match = _DATA_IMAGE_RE.match(url)
        payload = url[match.end() :]
        if len(payload) > DATA_IMAGE_MAX_BYTES * 4 // 3 + 4:
            raise PdfResourceRefused("Inline image too large")
        try:
            body = base64.b64decode(unquote(payload), validate=True)
        except (binascii.Error, ValueError) as error:
            raise PdfResourceRefused("Invalid inline image") from error
        return URLFetcherResponse(url[:64], body=body, headers={"Content-Type": match.group(1).lower()})


# Tagged PDF for accessibility (PDF/UA-1): a structure tree from the HTML, /Lang from <html lang>,
# /MarkInfo, the title shown instead of the file name. Screen readers read the headings, lists
# and tables of the document instead of loose text.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(html: str, *, title: str = "", tagged: bool = True) -> bytes:
    """Render an HTML document to PDF bytes, tagged as PDF/UA-1 unless ``tagged`` is False
    (an overlay merged onto other pages, which must not bring a structure tree of its own).

    Relative URLs such as ``/static/css/pdf.css`` resolve against :data:`PDF_BASE_URL`; only
    our static files are ever loaded. ``title`` (if given) becomes the PDF's Title metadata,
    overriding the document's ``<title>``.
    """
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyURLFetcher()).render(
        font_config=FontConfiguration()
    )
    if title:
        document.metadata.title = title
    return document.write_pdf(pdf_variant=PDF_VARIANT if tagged else None)


def render_template_to_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template (autoescaped, no request) and turn it into PDF bytes."""
    return render_pdf(render_to_string(template_name, context))
