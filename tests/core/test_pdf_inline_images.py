"""core.pdf and inline images: a `data:image/png;base64,…` chart (as the project sheet embeds them) is
decoded in memory and lands in the PDF at its own pixel size, while every other scheme in the same
document is still refused and nothing is read from disk or network for it."""

import base64
import io

import pypdf
import pytest
from PIL import Image

from core.pdf import PdfResourceRefused, StaticOnlyURLFetcher, render_pdf

PASSWD_MARKER = b"root:x:0:0"


def png(size=(120, 80), colour=(0, 84, 147)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def data_uri(content: bytes, kind="image/png") -> str:
    return f"data:{kind};base64," + base64.b64encode(content).decode("ascii")


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the fetcher is asked for, and whether it was served."""
    calls = []
    original = StaticOnlyURLFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except Exception:
            calls.append((url[:40], False))
            raise
        calls.append((url[:40], True))
        return response

    monkeypatch.setattr(StaticOnlyURLFetcher, "fetch", spy)
    return calls


def test_a_data_png_is_served_from_memory():
    content = png()
    response = StaticOnlyURLFetcher()(data_uri(content))
    assert response.read() == content
    assert response.headers["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "url",
    [
        data_uri(
            b"<svg xmlns='http://www.w3.org/2000/svg'><image href='file:///etc/passwd'/></svg>",
            "image/svg+xml",
        ),
        data_uri(b"<b>x</b>", "text/html"),
        "data:image/png;base64,not base64 at all!",
        "data:image/png,%89PNG",  # not base64
    ],
)
def test_other_data_urls_are_refused(url):
    with pytest.raises(PdfResourceRefused):
        StaticOnlyURLFetcher()(url)


def test_an_inline_chart_lands_in_the_pdf_and_nothing_else_is_fetched(fetched):
    chart = png(size=(300, 150))
    html = (
        "<!doctype html><html lang='nb'><body><h1>Prosjektark</h1>"
        f'<img src="{data_uri(chart)}" alt="Linjediagram">'
        '<img src="file:///etc/passwd" alt="x">'
        '<img src="http://127.0.0.1:1/x.png" alt="y">'
        f'<img src="{data_uri(b"<svg/>", "image/svg+xml")}" alt="z">'
        "</body></html>"
    )
    content = render_pdf(html)

    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    assert [image.image.size for image in page.images] == [(300, 150)]
    assert PASSWD_MARKER not in content
    served = [url for url, ok in fetched if ok]
    refused = [url for url, ok in fetched if not ok]
    assert len(served) == 1 and served[0].startswith("data:image/png;base64,iVBORw0KGgo")
    assert any(url.startswith("file://") for url in refused)
    assert any(url.startswith("http://127.0.0.1") for url in refused)
    assert any(url.startswith("data:image/svg+xml") for url in refused)
