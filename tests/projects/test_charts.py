"""The indicator chart and the bar chart: real PNGs of the asked size, drawn from the prefetched
measurements without a query, changed by a changed value, and fine with no measurements; the
alt text and the Norwegian number format."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from PIL import Image

from projects import charts
from projects.models import Indicator, Measurement

from .world import granted_project, indicator

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.django_db


def _prefetched(pk) -> Indicator:
    return Indicator.objects.prefetch_related("measurements").get(pk=pk)


def _image(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    return image


def test_the_indicator_chart_is_a_png_of_the_asked_size():
    made = indicator(granted_project())
    assert _image(charts.indicator_chart_png(_prefetched(made.pk))).size == (1200, 600)
    assert _image(charts.indicator_chart_png(_prefetched(made.pk), width_px=800, height_px=360)).size == (
        800,
        360,
    )


def test_drawing_from_prefetched_measurements_makes_no_query(django_assert_num_queries):
    made = indicator(
        granted_project(),
        values=[(dt.date(2022 + k // 4, 3 * (k % 4) + 1, 28), Decimal(45 - k)) for k in range(20)],
    )
    prefetched = _prefetched(made.pk)
    with django_assert_num_queries(0):
        png = charts.indicator_chart_png(prefetched)
        uri = charts.indicator_chart_data_uri(prefetched)
        alt = charts.indicator_chart_alt(prefetched)
    assert _image(png).size == (1200, 600)
    assert uri.startswith("data:image/png;base64,iVBORw0KGgo")
    assert "20 målinger i alt" in alt


def test_a_changed_value_changes_the_drawing():
    made = indicator(granted_project())
    before = charts.indicator_chart_png(_prefetched(made.pk))
    assert charts.indicator_chart_png(_prefetched(made.pk)) == before  # deterministic
    Measurement.objects.filter(indicator=made).update(value=Decimal("35.0"))
    after = charts.indicator_chart_png(_prefetched(made.pk))
    assert after != before
    assert _image(after).tobytes() != _image(before).tobytes()


def test_no_measurements_draws_the_baseline_and_the_target():
    made = indicator(granted_project(), values=[])
    Indicator.objects.filter(pk=made.pk).update(target_on=None)
    prefetched = _prefetched(made.pk)
    image = _image(charts.indicator_chart_png(prefetched))
    assert image.size == (1200, 600)
    # Something is drawn besides the white background, in the series' and the target's colours.
    colours = {colour for _count, colour in image.convert("RGB").getcolors(maxcolors=1_000_000)}
    assert charts.SERIES in colours and charts.TARGET in colours
    alt = charts.indicator_chart_alt(prefetched)
    assert "Utgangsverdi 49,5 (31.12.2021)" in alt
    assert "Ingen målinger ennå" in alt
    assert "Mål 20." in alt


def test_the_alt_text_sums_up_baseline_latest_value_and_target():
    made = indicator(granted_project())
    assert charts.indicator_chart_alt(_prefetched(made.pk)) == (
        "Linjediagram for Utskrivningsklare døgn per 1000 innbyggere, målt i døgn per 1000 innbyggere. "
        "Utgangsverdi 49,5 (31.12.2021). Siste måling 20,4 (31.12.2022). Mål 20 innen 31.12.2027. "
        "Lavere er bedre."
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("49.50"), "49,5"),
        (Decimal("20.00"), "20"),
        (Decimal("1234.25"), "1\u00a0234,25"),
        (Decimal("-3.1"), "-3,1"),
        (0, "0"),
        (12.5, "12,5"),
    ],
)
def test_numbers_are_written_the_norwegian_way(value, text):
    assert charts.format_number(value) == text


def test_the_bar_chart_is_a_png_whose_height_follows_the_bars():
    two = _image(charts.bar_chart_png(labels=["2025", "2026"], values=[1_200_000, 1_550_000], title="Per år"))
    four = _image(
        charts.bar_chart_png(
            labels=["2025", "2026", "2027", "2028"],
            values=[1_200_000, 1_550_000, 1_550_000, 357_000],
            title="Per år",
        )
    )
    assert two.width == four.width == 1200
    assert four.height > two.height
    changed = charts.bar_chart_png(
        labels=["2025", "2026"], values=[1_200_000, 1_000_000], title="Per år", unit="kr"
    )
    assert _image(changed).tobytes() != two.tobytes()


def test_the_bar_chart_takes_no_bars_and_long_labels():
    assert _image(charts.bar_chart_png(labels=[], values=[], title="Per innsatsområde")).width == 1200
    long_label = "Gode og sammenhengende pasientforløp for skrøpelige eldre og personer med kroniske lidelser"
    image = _image(
        charts.bar_chart_png(
            labels=[long_label, "Psykisk helse"], values=[4_657_000, 0], title="x", unit="timer"
        )
    )
    assert image.width == 1200
