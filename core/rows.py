"""Helpers for tables whose rows are worked out in Python rather than through template tags per
row: a list page then costs a template loop over plain strings."""

from collections.abc import Callable

from django.urls import reverse

_MARKER = 2_147_483_647


def pk_url(name: str) -> Callable[[int], str]:
    """The address of the URL `name` (one primary-key argument) for any key, with one reverse()
    for the whole table: ``url = pk_url("applications:detail"); url(42)``."""
    before, after = reverse(name, args=[_MARKER]).split(str(_MARKER))
    return lambda pk: f"{before}{pk}{after}"


def choice_labels(choices) -> dict:
    """{value: label} with each (lazy) label translated once: get_FOO_display() translates every
    choice on each call."""
    return {value: str(label) for value, label in choices}
