"""Charts as PNG images, drawn with Pillow: an indicator over time (the project page, the project
sheet) and bar charts of amounts (the portfolio).

Pillow is already here as a WeasyPrint dependency, so the charts need no plotting library, no
browser and no network. The images are drawn at twice their size and scaled down, which gives
smooth lines and text. Colours are dark on white (contrast well above WCAG AA's 3:1 for graphics
and 4.5:1 for text), and the target line is dashed, so the series never rely on colour alone.
Every chart needs alt text and the numbers in a table next to it; `indicator_chart_alt` writes
the alt text.

The indicator chart reads `indicator.measurements.all()`: prefetch the measurements and drawing
makes no query.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import math
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from core.money import format_nok

# Drawn at SCALE times the requested size, then scaled down (anti-aliasing).
SCALE = 2
# Bump when the drawing changes, so cached images are drawn again.
CHART_VERSION = 1
CHART_CACHE_SECONDS = 24 * 3600

BACKGROUND = (255, 255, 255)
TEXT = (26, 26, 26)  # 17:1 on white
MUTED = (85, 85, 85)  # 7.5:1 on white, for tick labels
GRID = (214, 214, 214)  # decorative only
AXIS = (64, 64, 64)
SERIES = (0, 84, 147)  # dark blue, 7.9:1 on white
TARGET = (165, 28, 48)  # dark red, 7.1:1 on white; also dashed
BAR = (0, 84, 147)

_FONT_DIRS = (
    Path(__file__).resolve().parent.parent / "static" / "fonts",  # the PDFs' own fonts
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/liberation-sans"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
_FONT_FILES = {
    False: ("LiberationSans-Regular.ttf", "DejaVuSans.ttf", "Arial.ttf", "arial.ttf"),
    True: ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf"),
}


@lru_cache(maxsize=4)
def _font_path(bold: bool) -> str | None:
    for directory in _FONT_DIRS:
        for name in _FONT_FILES[bold]:
            candidate = directory / name
            if candidate.is_file():
                return str(candidate)
    return None


@lru_cache(maxsize=64)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path(bold) or _font_path(False)
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def format_number(value) -> str:
    """Norwegian number format with at most two decimals: 49,5 · 20 · 1 234,25 · -3,1."""
    quantized = Decimal(str(value)).quantize(Decimal("0.01"))
    whole, _sep, fraction = f"{quantized:,.2f}".partition(".")
    fraction = fraction.rstrip("0")
    whole = whole.replace(",", "\u00a0")
    if whole in ("-0", "-0\u00a0") and not fraction:
        whole = "0"
    return f"{whole},{fraction}" if fraction else whole


def _date_label(day: dt.date, *, year_only: bool) -> str:
    return str(day.year) if year_only else day.strftime("%d.%m.%Y")


def _text_size(draw: ImageDraw.ImageDraw, text: str, font) -> tuple[int, int]:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    return right - left, bottom - top


def _ellipsize(draw: ImageDraw.ImageDraw, text: str, font, max_width: int) -> str:
    if _text_size(draw, text, font)[0] <= max_width:
        return text
    while text and _text_size(draw, text + "…", font)[0] > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    ticks = []
    value = first
    while value <= last + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _dashed_line(draw, start, end, *, fill, width, dash, gap):
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    if not length:
        return
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    position = 0.0
    while position < length:
        stop = min(position + dash, length)
        draw.line(
            [(x0 + ux * position, y0 + uy * position), (x0 + ux * stop, y0 + uy * stop)],
            fill=fill,
            width=width,
        )
        position += dash + gap


def _label_box(draw, xy, text, font, *, anchor, fill, pad):
    """Text on a white box, so it stays readable over grid and lines."""
    left, top, right, bottom = draw.textbbox(xy, text, font=font, anchor=anchor)
    draw.rectangle([left - pad, top - pad, right + pad, bottom + pad], fill=BACKGROUND)
    draw.text(xy, text, font=font, fill=fill, anchor=anchor)


def _vertical_text(image: Image.Image, text: str, font, *, center: tuple[int, int], fill) -> None:
    probe = ImageDraw.Draw(image)
    width, height = _text_size(probe, text, font)
    strip = Image.new("L", (width + 4, height * 2), 0)
    ImageDraw.Draw(strip).text((2, height), text, font=font, fill=255, anchor="lm")
    strip = strip.rotate(90, expand=True)
    colour = Image.new("RGB", strip.size, fill)
    image.paste(colour, (center[0] - strip.width // 2, center[1] - strip.height // 2), strip)


def _png(image: Image.Image, size: tuple[int, int]) -> bytes:
    image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _points(indicator) -> list[tuple[dt.date, Decimal]]:
    """The baseline first, then the measurements by date (from the prefetched list)."""
    measured = sorted(indicator.measurements.all(), key=lambda m: m.measured_on)
    points = [(indicator.baseline_on, indicator.baseline_value)]
    points += [(m.measured_on, m.value) for m in measured if m.measured_on != indicator.baseline_on]
    return sorted(points, key=lambda point: point[0])


def _cached(parts: list, draw) -> bytes:
    """The PNG for these inputs from the cache, drawn once. Drawing takes 50–120 ms; a page that
    shows the same chart again (the project page, the portfolio) then pays nothing. The key names
    everything the drawing depends on, the language too (the labels are translated)."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    key = "chart:" + hashlib.sha256(repr([CHART_VERSION, get_language(), *parts]).encode()).hexdigest()
    png = cache.get(key)
    if png is None:
        png = draw()
        cache.set(key, png, CHART_CACHE_SECONDS)
    return png


def indicator_chart_png(
    indicator, *, width_px: int = 1200, height_px: int = 600, text_scale: float = 1.0
) -> bytes:
    """indicator_chart_png_uncached, cached by everything it is drawn from."""
    parts = [
        "indicator",
        indicator.name,
        indicator.unit,
        indicator.target_value,
        indicator.target_on,
        indicator.direction,
        _points(indicator),
        width_px,
        height_px,
        text_scale,
    ]
    return _cached(
        parts,
        lambda: indicator_chart_png_uncached(
            indicator, width_px=width_px, height_px=height_px, text_scale=text_scale
        ),
    )


def indicator_chart_png_uncached(
    indicator, *, width_px: int = 1200, height_px: int = 600, text_scale: float = 1.0
) -> bytes:
    """A line chart of the indicator: the baseline and every measurement over time, with the
    target as a dashed horizontal line labelled «Mål». Works for no, one and many measurements.
    Text scales with the image (readable when a chart fills half an A4 page); `text_scale` makes
    it larger for a chart that is printed smaller."""
    s = SCALE
    width, height = width_px * s, height_px * s
    font_px = max(11, round(min(width_px / 36, height_px / 15) * text_scale))
    font = _font(font_px * s)
    small = _font(round(font_px * 0.9) * s)
    bold = _font(font_px * s, bold=True)
    pad = round(font_px * 0.6) * s
    line_w = max(2, round(font_px / 8)) * s

    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)

    points = _points(indicator)
    target = indicator.target_value
    values = [float(value) for _day, value in points] + [float(target)]
    low, high = min(values), max(values)
    if low >= 0:
        low = 0.0
    ticks = _nice_ticks(low, high)
    y_min, y_max = ticks[0], ticks[-1]

    days = [day for day, _value in points]
    if indicator.target_on:
        days.append(indicator.target_on)
    x_first, x_last = min(days), max(days)
    if x_first == x_last:
        x_first, x_last = x_first - dt.timedelta(days=180), x_last + dt.timedelta(days=180)
    year_only = all((day.month, day.day) == (12, 31) for day in days)

    # Layout: legend on top, y-axis title and tick labels on the left, dates below.
    tick_labels = [format_number(t) for t in ticks]
    tick_w = max(_text_size(draw, label, small)[0] for label in tick_labels)
    line_h = _text_size(draw, "Åg0", font)[1]
    plot_left = pad + line_h + pad + tick_w + pad
    plot_right = width - pad * 2
    plot_top = pad + line_h + pad * 2
    plot_bottom = height - (pad + line_h + pad + line_h + pad)
    inset = (plot_right - plot_left) * 0.04

    def x_of(day: dt.date) -> float:
        span = (x_last - x_first).days or 1
        return plot_left + inset + (day - x_first).days / span * (plot_right - plot_left - 2 * inset)

    def y_of(value: float) -> float:
        return plot_bottom - (value - y_min) / (y_max - y_min) * (plot_bottom - plot_top)

    # Grid and y ticks.
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_of(tick)
        draw.line([(plot_left, y), (plot_right, y)], fill=GRID, width=max(1, s))
        draw.text((plot_left - pad, y), label, font=small, fill=MUTED, anchor="rm")
    draw.line([(plot_left, plot_top), (plot_left, plot_bottom)], fill=AXIS, width=s)
    draw.line([(plot_left, plot_bottom), (plot_right, plot_bottom)], fill=AXIS, width=s)
    unit = _ellipsize(draw, indicator.unit, small, plot_bottom - plot_top)
    _vertical_text(image, unit, small, center=(pad + line_h // 2, (plot_top + plot_bottom) // 2), fill=TEXT)

    # Date labels under the points (and the target date), skipping any that would overlap.
    label_days = sorted(set(days))
    last_right = -math.inf
    tick_len = pad // 2
    for day in label_days:
        x = x_of(day)
        label = _date_label(day, year_only=year_only)
        label_w = _text_size(draw, label, small)[0]
        left = max(plot_left, min(x - label_w / 2, plot_right - label_w))
        if left < last_right + pad:
            continue
        draw.line([(x, plot_bottom), (x, plot_bottom + tick_len)], fill=AXIS, width=s)
        draw.text((left, plot_bottom + tick_len + pad // 2), label, font=small, fill=MUTED, anchor="lt")
        last_right = left + label_w
    axis_title = _("År") if year_only else _("Dato")
    draw.text(((plot_left + plot_right) / 2, height - pad), axis_title, font=small, fill=TEXT, anchor="md")

    # Target: a dashed line across the plot, labelled at its right end.
    target_y = y_of(float(target))
    _dashed_line(
        draw,
        (plot_left, target_y),
        (plot_right, target_y),
        fill=TARGET,
        width=line_w,
        dash=6 * line_w,
        gap=4 * line_w,
    )
    target_text = _("Mål: %(value)s") % {"value": format_number(target)}
    above = target_y - pad > plot_top + line_h
    _label_box(
        draw,
        (plot_right - pad, target_y - pad // 2 if above else target_y + pad // 2),
        target_text,
        bold,
        anchor="rb" if above else "rt",
        fill=TARGET,
        pad=s * 2,
    )

    # The series: a line through the points, the baseline as a square, measurements as dots.
    xy = [(x_of(day), y_of(float(value))) for day, value in points]
    if len(xy) > 1:
        draw.line(xy, fill=SERIES, width=line_w, joint="curve")
    radius = line_w * (2 if len(xy) <= 30 else 1)
    for (day, _value), (x, y) in zip(points, xy, strict=True):
        if day == indicator.baseline_on:
            draw.rectangle([x - radius, y - radius, x + radius, y + radius], fill=SERIES)
        else:
            draw.ellipse(
                [x - radius, y - radius, x + radius, y + radius],
                fill=BACKGROUND,
                outline=SERIES,
                width=line_w,
            )
    # Values of the baseline (above it) and of the latest point (to its right, or above it when
    # there is no room).
    x, y = xy[0]
    anchor = "mb" if len(points) == 1 else "lb"
    _label_box(
        draw,
        (x, y - radius - pad // 2),
        format_number(points[0][1]),
        font,
        anchor=anchor,
        fill=SERIES,
        pad=s * 2,
    )
    if len(points) > 1:
        x, y = xy[-1]
        text = format_number(points[-1][1])
        if x + radius + pad // 2 + _text_size(draw, text, font)[0] < plot_right:
            _label_box(draw, (x + radius + pad // 2, y), text, font, anchor="lm", fill=SERIES, pad=s * 2)
        else:
            _label_box(draw, (x, y - radius - pad // 2), text, font, anchor="rb", fill=SERIES, pad=s * 2)

    # Legend.
    legend_y = pad + line_h // 2
    x = plot_left
    sample = font_px * s * 2
    entries = [
        ("baseline", _("Utgangsverdi")),
        ("measurement", _("Måling")),
        ("target", _("Mål")),
    ]
    for kind, text in entries:
        if kind == "target":
            _dashed_line(
                draw,
                (x, legend_y),
                (x + sample, legend_y),
                fill=TARGET,
                width=line_w,
                dash=3 * line_w,
                gap=2 * line_w,
            )
        else:
            draw.line([(x, legend_y), (x + sample, legend_y)], fill=SERIES, width=line_w)
            mid = x + sample / 2
            box = [mid - radius, legend_y - radius, mid + radius, legend_y + radius]
            if kind == "baseline":
                draw.rectangle(box, fill=SERIES)
            else:
                draw.ellipse(box, fill=BACKGROUND, outline=SERIES, width=line_w)
        x += sample + pad // 2
        draw.text((x, legend_y), text, font=font, fill=TEXT, anchor="lm")
        x += _text_size(draw, text, font)[0] + pad * 2

    return _png(image, (width_px, height_px))


def bar_chart_png(*, labels: list[str], values: list[int], title: str, unit: str = "kr") -> bytes:
    """bar_chart_png_uncached, cached by its inputs."""
    return _cached(
        ["bar", list(labels), list(values), title, unit],
        lambda: bar_chart_png_uncached(labels=labels, values=values, title=title, unit=unit),
    )


def bar_chart_png_uncached(*, labels: list[str], values: list[int], title: str, unit: str = "kr") -> bytes:
    """Horizontal bars for amounts, one per label, each labelled with its amount
    («kr 1 550 000»). The image is 1200 pixels wide and as tall as the bars need."""
    s = SCALE
    width_px = 1200
    font_px = 26
    font = _font(font_px * s)
    bold = _font(round(font_px * 1.15) * s, bold=True)
    pad = 14 * s
    bar_h = round(font_px * 1.6) * s
    gap = round(font_px * 0.6) * s

    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    title_h = _text_size(probe, title or "Åg", bold)[1]
    top = pad + title_h + pad * 2
    rows = max(1, len(labels))
    height = top + rows * (bar_h + gap) + pad
    width = width_px * s
    height_px = math.ceil(height / s)
    height = height_px * s

    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((pad, pad), title, font=bold, fill=TEXT, anchor="lt")

    def amount(value: int) -> str:
        return format_nok(value) if unit == "kr" else f"{format_nok(value, prefix=False)}\u00a0{unit}"

    if not labels:
        draw.text((pad, top), _("Ingen beløp å vise."), font=font, fill=TEXT, anchor="lt")
        return _png(image, (width_px, height_px))

    label_w = min(max(_text_size(draw, label, font)[0] for label in labels), int(width * 0.38))
    value_w = max(_text_size(draw, amount(value), font)[0] for value in values)
    bar_left = pad + label_w + pad
    bar_max = width - pad - value_w - pad - bar_left
    largest = max(max(values), 1)

    draw.line(
        [(bar_left, top - gap // 2), (bar_left, top + rows * (bar_h + gap) - gap // 2)], fill=AXIS, width=s
    )
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + row * (bar_h + gap)
        middle = y + bar_h / 2
        draw.text((pad, middle), _ellipsize(draw, label, font, label_w), font=font, fill=TEXT, anchor="lm")
        length = max(0, value) / largest * bar_max
        if length:
            draw.rectangle([bar_left, y, bar_left + length, y + bar_h], fill=BAR)
        draw.text((bar_left + length + pad, middle), amount(value), font=font, fill=TEXT, anchor="lm")
    return _png(image, (width_px, height_px))


def data_uri(png: bytes) -> str:
    """A data: URI for an <img src>, which the PDF renderer takes without any fetch."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def indicator_chart_data_uri(indicator, **options) -> str:
    """The chart as a data: URI; `options` as for indicator_chart_png."""
    return data_uri(indicator_chart_png(indicator, **options))


def indicator_chart_alt(indicator) -> str:
    """Alt text in bokmål: what the chart shows, the baseline, the latest value and the target."""
    points = _points(indicator)
    measured = [point for point in points if point[0] != indicator.baseline_on]
    parts = [
        _("Linjediagram for %(name)s, målt i %(unit)s.") % {"name": indicator.name, "unit": indicator.unit},
        _("Utgangsverdi %(value)s (%(date)s).")
        % {
            "value": format_number(indicator.baseline_value),
            "date": indicator.baseline_on.strftime("%d.%m.%Y"),
        },
    ]
    if measured:
        day, value = measured[-1]
        parts.append(
            _("Siste måling %(value)s (%(date)s), %(count)s målinger i alt.")
            % {"value": format_number(value), "date": day.strftime("%d.%m.%Y"), "count": len(measured)}
            if len(measured) > 1
            else _("Siste måling %(value)s (%(date)s).")
            % {"value": format_number(value), "date": day.strftime("%d.%m.%Y")}
        )
    else:
        parts.append(_("Ingen målinger ennå."))
    if indicator.target_on:
        parts.append(
            _("Mål %(value)s innen %(date)s.")
            % {
                "value": format_number(indicator.target_value),
                "date": indicator.target_on.strftime("%d.%m.%Y"),
            }
        )
    else:
        parts.append(_("Mål %(value)s.") % {"value": format_number(indicator.target_value)})
    parts.append(str(indicator.get_direction_display()) + ".")
    return " ".join(parts)
