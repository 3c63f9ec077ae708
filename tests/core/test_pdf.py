"""core.pdf: fonts and Norwegian text survive, and only our static files are ever loaded."""

import io
import socket
import threading

import pypdf
import pytest
from django.template import engines

from core import pdf
from core.pdf import (
    PDF_BASE_URL,
    PdfResourceRefused,
    StaticOnlyURLFetcher,
    render_pdf,
    render_template_to_pdf,
)

TITLE = "Kartleggingsteam på Helgeland – ærlig og åpen øvelse"
PASSWD_MARKER = "root:x:0:0"
TEMPLATE = """{% extends "base_pdf.html" %}
{% block title %}{{ title }}{% endblock %}
{% block content %}<h1>{{ title }}</h1><p>{{ text }}</p>
<table><thead><tr><th>Post</th><th class="amount">Beløp</th></tr></thead>
<tbody><tr><td>Lønn</td><td class="amount">kr 4 657 500</td></tr></tbody></table>
{{ extra|safe }}{% endblock %}"""


def render_doc(**context):
    context = {"title": TITLE, "text": "", "extra": "", **context}
    return render_pdf(engines["django"].from_string(TEMPLATE).render(context))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def assert_no_passwd(data: bytes) -> None:
    """Neither the raw file nor its (decompressed) text or attachments hold /etc/passwd."""
    assert PASSWD_MARKER.encode() not in data
    assert PASSWD_MARKER not in pdf_text(data)
    attachments = pypdf.PdfReader(io.BytesIO(data)).attachments
    assert not any(
        PASSWD_MARKER.encode() in content for contents in attachments.values() for content in contents
    ), attachments.keys()


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """BaseFont name → whether the font program is embedded in the file."""
    fonts = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for part in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    fonts[str(part["/BaseFont"])] = any(
                        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                    )
    return fonts


@pytest.fixture
def fetch_log(monkeypatch):
    """Record every URL the fetcher is asked for and whether it was served."""
    calls = []
    original = StaticOnlyURLFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except Exception:
            calls.append((url, False))
            raise
        calls.append((url, True))
        return response

    monkeypatch.setattr(StaticOnlyURLFetcher, "fetch", spy)
    return calls


@pytest.fixture
def trap_server():
    """A real listening socket on 127.0.0.1; records whether anything ever connects."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.05)
    connected = threading.Event()
    stop = threading.Event()

    def accept_loop():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connected.set()
            conn.close()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    yield server.getsockname()[1], connected
    stop.set()
    thread.join(timeout=2)
    server.close()


def test_norwegian_text_title_and_embedded_liberation_font(fetch_log):
    data = render_pdf(engines["django"].from_string(TEMPLATE).render({"title": TITLE}), title=TITLE)
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.title == TITLE
    assert TITLE in pdf_text(data)

    fonts = embedded_fonts(data)
    # The PDF font name comes from our @font-face family, so it proves our static files were
    # used (not the system's Liberation Sans), and the programs are embedded.
    assert any("Portal-Liberation-Sans" in name for name in fonts), fonts
    assert all(fonts.values()), fonts
    served = {url for url, ok in fetch_log if ok}
    for style in ("Regular", "Bold"):
        assert f"{PDF_BASE_URL}static/fonts/LiberationSans-{style}.ttf" in served


def test_static_css_is_fetched_and_applied(fetch_log):
    text = pdf_text(render_doc())
    assert (f"{PDF_BASE_URL}static/css/pdf.css", True) in fetch_log
    assert "Side 1 av 1" in text  # @page @bottom-right from pdf.css
    assert "Helsefellesskap Helgeland" in text  # default header block


def test_template_title_becomes_metadata_when_no_title_given():
    data = render_template_to_pdf("base_pdf.html", {})
    assert pypdf.PdfReader(io.BytesIO(data)).metadata.title == "Helsefellesskap Helgeland"


def test_fetcher_serves_static_file_directly():
    response = StaticOnlyURLFetcher()(f"{PDF_BASE_URL}static/css/pdf.css")
    body = response.read()
    response.close()
    assert b"@font-face" in body
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        f"{PDF_BASE_URL}static/../../../etc/passwd",
        f"{PDF_BASE_URL}static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{PDF_BASE_URL}static/css/..%2f..%2f..%2f..%2fetc/passwd",
        f"{PDF_BASE_URL}static//etc/passwd",
        f"{PDF_BASE_URL}static/css/%00.css",
        f"{PDF_BASE_URL}etc/passwd",
        f"{PDF_BASE_URL}static/does-not-exist.css",
        "/static/../../../etc/passwd",
        "file:///etc/passwd",
        "file:///work/main/static/css/pdf.css",
        "http://127.0.0.1:1/x.png",
        "https://localhost/static/css/pdf.css",
        "ftp://example.org/x",
        "data:text/html;base64,PGI+eDwvYj4=",
    ],
)
def test_fetcher_refuses(url):
    with pytest.raises(PdfResourceRefused):
        StaticOnlyURLFetcher()(url)


def test_traversal_in_document_is_refused(fetch_log):
    extra = (
        '<img src="/static/../../../etc/passwd">'
        '<img src="/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd">'
        '<link rel="stylesheet" href="/static/css/..%2f..%2f..%2f..%2f..%2fetc/passwd">'
    )
    data = render_doc(extra=extra)
    assert [ok for url, ok in fetch_log if "passwd" in url] == [False, False, False]
    assert_no_passwd(data)


def test_file_and_loopback_urls_are_never_opened(trap_server, fetch_log):
    port, connected = trap_server
    extra = (
        '<img src="file:///etc/passwd">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f'<img src="http://127.0.0.1:{port}/x.png">'
        f'<link rel="stylesheet" href="http://localhost:{port}/x.css">'
        f'<p style="background: url(http://127.0.0.1:{port}/bg.png)">bakgrunn</p>'
        f'<style>@import url("http://127.0.0.1:{port}/i.css");</style>'
        '<link rel="attachment" href="file:///etc/passwd">'
    )
    data = render_doc(extra=extra)

    text = pdf_text(data)
    assert TITLE in text  # the rest of the document still rendered
    assert not connected.wait(timeout=0.5), "the PDF renderer connected to 127.0.0.1"
    assert_no_passwd(data)
    assert not pypdf.PdfReader(io.BytesIO(data)).attachments
    refused = {url for url, ok in fetch_log if not ok}
    assert "file:///etc/passwd" in refused
    assert f"http://127.0.0.1:{port}/x.png" in refused
    assert not any(ok for url, ok in fetch_log if "passwd" in url or str(port) in url)


def test_escaped_user_markup_is_visible_text(trap_server):
    port, connected = trap_server
    payload = f'<img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/x.png">'
    data = render_doc(text=payload)
    text = pdf_text(data)
    assert '<img src="file:///etc/passwd">' in text
    assert_no_passwd(data)
    assert not connected.wait(timeout=0.2)


def test_small_inline_png_is_allowed_but_large_is_refused(monkeypatch):
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    response = StaticOnlyURLFetcher()(f"data:image/png;base64,{png}")
    assert response.read().startswith(b"\x89PNG")
    monkeypatch.setattr(pdf, "DATA_IMAGE_MAX_BYTES", 10)
    with pytest.raises(PdfResourceRefused):
        StaticOnlyURLFetcher()(f"data:image/png;base64,{png}")
