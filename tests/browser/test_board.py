"""The secretariat reorders the prioritisation board in the browser: by keyboard with the move
buttons (the focus stays on the moved row and a live region tells where it went) and by drag and
drop (SortableJS); typed amounts and a new direct allocation update the running totals and the
pots at once, an over-allocated local pot is warned about until it is fixed, locking with unsaved
changes is stopped, and after saving the order and the amounts are kept in the page and in the
database."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applications import prioritisation
from applications.models import Application, DirectAllocation, Pot, Prioritisation, PriorityEntry
from core.models import SecretariatMembership
from tests.browser.conftest import login as browser_login
from tests.factories import RoundFactory, UserFactory, helgeland, make_application, org

pytestmark = pytest.mark.browser

PASSWORD = "passord-for-test-123"  # the one UserFactory sets

# Title, lead municipality and amount applied; created in this order, so the board starts with
# both lists in this order.
LEGEVAKT = "Felles legevakt på Helgeland – ærlig vaktplan"
HJEMME = "Digital hjemmeoppfølging i Vefsn"
RUSTEAM = "Ambulant rusteam for ungdom på Sandnessjøen"
PAAROERENDE = "Læringsnettverk for pårørende i Brønnøy"
APPLICATIONS = [
    (LEGEVAKT, "Rana kommune", 4_000_000),
    (HJEMME, "Vefsn kommune", 3_000_000),
    (RUSTEAM, "Alstahaug kommune", 2_500_000),
    (PAAROERENDE, "Brønnøy kommune", 1_500_000),
]
# What the secretariat had saved before: (recommended from the regional pot, from the local pot).
SAVED_AMOUNTS = {
    LEGEVAKT: (3_000_000, 0),
    HJEMME: (2_000_000, 0),
    RUSTEAM: (1_000_000, 1_000_000),
    PAAROERENDE: (0, 1_500_000),
}


def plain(text: str) -> str:
    """Amounts are written with no-break spaces (kr 4 657 500); compare them with plain ones."""
    return re.sub(r"[\u00a0\u202f]", " ", text).strip()


def login(page, base, email):
    browser_login(page, base, email, PASSWORD)


def a_round_ready_for_prioritisation(secretary):
    """A round past its deadline with four assessed applications from four municipalities, and
    the board as the secretariat saved it earlier (SAVED_AMOUNTS, no direct allocations)."""
    today = timezone.localdate()
    round_ = RoundFactory(
        title="RS-tilskudd 2027",
        opens_on=today - dt.timedelta(days=90),
        deadline=today - dt.timedelta(days=10),
    )
    Pot.objects.filter(round=round_, kind=Pot.Kind.LOCAL).update(
        amount_nok=5_000_000, carried_over_nok=2_800_000
    )
    Pot.objects.filter(round=round_, kind=Pot.Kind.REGIONAL).update(amount_nok=90_000_000, carried_over_nok=0)
    for days_before, (title, municipality, applied) in enumerate(APPLICATIONS, start=11):
        application = make_application(round=round_, lead=org(municipality), title=title)
        application.amount_applied_nok = applied
        application.status = Application.Status.ASSESSED
        application.submitted_at = application.last_submitted_at = timezone.now() - dt.timedelta(
            days=days_before
        )
        application.save()
    board = prioritisation.board_for_round(round_)
    prioritisation.board_save(
        round_=round_,
        actor=secretary,
        version=board.prioritisation.version,
        regional_order=[entry.pk for entry in board.regional],
        local_order=[entry.pk for entry in board.local],
        amounts={entry.pk: SAVED_AMOUNTS[entry.application.title] for entry in board.regional},
        direct=[],
    )
    return round_


def test_secretariat_reorders_the_board_and_the_totals_follow(live_server, page):
    base = live_server.url
    secretary = UserFactory(email="sekretariat@example.no", first_name="Siri")
    SecretariatMembership.objects.create(user=secretary, health_community=helgeland())
    round_ = a_round_ready_for_prioritisation(secretary)

    regional = page.locator('[data-board-list="regional"]')
    local = page.locator('[data-board-list="local"]')
    local_pot = page.locator('[data-pot="local"]')
    regional_pot = page.locator('[data-pot="regional"]')
    announcer = page.locator("[data-move-announcer]")
    unsaved = page.locator("[data-unsaved]")

    def titles(tbody):
        return tbody.locator("tr[data-entry] td:nth-child(2) a")

    def ranks(tbody):
        return tbody.locator("tr[data-entry] [data-rank]")

    def running(tbody):
        return tbody.locator("tr[data-entry] [data-running]")

    def row(tbody, title):
        return tbody.locator(f'tr[data-title="{title}"]')

    def amount_input(tbody, title):
        return row(tbody, title).locator("input[data-amount]")

    # Given the secretary on the board of the round
    login(page, base, "sekretariat@example.no")
    page.goto(f"{base}{reverse('secretariat:board', args=[round_.pk])}")
    expect(page.get_by_role("heading", name="Prioritering og videresending")).to_be_visible()

    # Then both lists are in the saved order with running totals, and the pots show what is left
    order = [LEGEVAKT, HJEMME, RUSTEAM, PAAROERENDE]
    expect(titles(regional)).to_have_text(order)
    expect(running(regional)).to_have_text(["kr 3 000 000", "kr 5 000 000", "kr 6 000 000", "kr 6 000 000"])
    expect(titles(local)).to_have_text(order)
    expect(running(local)).to_have_text(["kr 0", "kr 0", "kr 1 000 000", "kr 2 500 000"])
    expect(regional_pot.locator("[data-allocated]")).to_have_text("kr 6 000 000")
    expect(regional_pot.locator("[data-remaining]")).to_have_text("kr 84 000 000")
    expect(local_pot).to_contain_text("Ramme (kr 5 000 000 + kr 2 800 000 overført)")
    expect(local_pot.locator("[data-allocated]")).to_have_text("kr 2 500 000")
    expect(local_pot.locator("[data-remaining]")).to_have_text("kr 5 300 000")
    assert plain(local_pot.locator("[data-remaining]").inner_text()) == "kr 5 300 000"
    expect(local_pot.locator("[data-over-warning]")).to_be_hidden()
    expect(unsaved).to_be_hidden()

    # When she moves the first application of the regional list down with the keyboard (Enter)
    down = regional.get_by_role("button", name=f"Flytt «{LEGEVAKT}» ned", exact=True)
    down.focus()
    expect(down).to_be_focused()
    page.keyboard.press("Enter")

    # Then it changes place with the next one, the numbers follow, the focus stays on its button
    # and the live region says where it went
    expect(titles(regional)).to_have_text([HJEMME, LEGEVAKT, RUSTEAM, PAAROERENDE])
    expect(ranks(regional)).to_have_text(["1", "2", "3", "4"])
    expect(row(regional, LEGEVAKT).locator("[data-rank]")).to_have_text("2")
    expect(running(regional)).to_have_text(["kr 2 000 000", "kr 5 000 000", "kr 6 000 000", "kr 6 000 000"])
    expect(down).to_be_focused()
    expect(announcer).to_have_text(f"Flyttet «{LEGEVAKT}» til plass 2 av 4.")
    expect(unsaved).to_be_visible()
    # The local list is a list of its own and stays as it was.
    expect(titles(local)).to_have_text(order)

    # When she presses Space on the same, still focused button
    page.keyboard.press("Space")

    # Then it goes one further down
    expect(titles(regional)).to_have_text([HJEMME, RUSTEAM, LEGEVAKT, PAAROERENDE])
    expect(running(regional)).to_have_text(["kr 2 000 000", "kr 3 000 000", "kr 6 000 000", "kr 6 000 000"])
    expect(down).to_be_focused()
    expect(announcer).to_have_text(f"Flyttet «{LEGEVAKT}» til plass 3 av 4.")

    # When she moves the last one of the regional list up with its «opp» button and the keyboard
    up = regional.get_by_role("button", name=f"Flytt «{PAAROERENDE}» opp", exact=True)
    up.focus()
    page.keyboard.press("Enter")

    # Then it passes the application above it
    expect(titles(regional)).to_have_text([HJEMME, RUSTEAM, PAAROERENDE, LEGEVAKT])
    expect(up).to_be_focused()
    expect(announcer).to_have_text(f"Flyttet «{PAAROERENDE}» til plass 3 av 4.")
    regional_order = [HJEMME, RUSTEAM, PAAROERENDE, LEGEVAKT]

    # When she drags the last application of the local list by its handle to the top
    handle = row(local, PAAROERENDE).locator(".drag-handle")
    target = row(local, LEGEVAKT)
    handle.scroll_into_view_if_needed()
    start = handle.bounding_box()
    top = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] - 5, steps=5)
    page.mouse.move(top["x"] + start["width"] / 2, top["y"] + top["height"] / 2, steps=20)
    page.mouse.move(top["x"] + start["width"] / 2, top["y"] + 3, steps=10)
    page.mouse.up()

    # Then it is first, and the ranks and the running totals follow the new order
    local_order = [PAAROERENDE, LEGEVAKT, HJEMME, RUSTEAM]
    expect(titles(local)).to_have_text(local_order)
    expect(ranks(local)).to_have_text(["1", "2", "3", "4"])
    expect(running(local)).to_have_text(["kr 1 500 000", "kr 1 500 000", "kr 1 500 000", "kr 2 500 000"])
    expect(announcer).to_have_text(f"Flyttet «{PAAROERENDE}» til plass 1 av 4.")
    expect(titles(regional)).to_have_text(regional_order)

    # When she types an amount from the local pot for the first application
    amount_input(local, LEGEVAKT).fill("")
    amount_input(local, LEGEVAKT).press_sequentially("kr 1 000 000")

    # Then the running totals and the local pot follow before anything is saved
    expect(running(local)).to_have_text(["kr 1 500 000", "kr 2 500 000", "kr 2 500 000", "kr 3 500 000"])
    expect(local_pot.locator("[data-allocated]")).to_have_text("kr 3 500 000")
    expect(local_pot.locator("[data-remaining]")).to_have_text("kr 4 300 000")
    expect(regional_pot.locator("[data-remaining]")).to_have_text("kr 84 000 000")

    # When she adds a direct allocation without an application
    page.get_by_role("button", name="Legg til direkte tildeling").click()
    direct = page.locator("#direct-rows .direct-row").last
    expect(direct.get_by_label("Formål")).to_be_focused()
    direct.get_by_label("Formål").fill("Lisens for digital hjemmeoppfølging (Dignio)")
    direct.get_by_label("Beløp (kr)").fill("800 000")

    # Then it is taken from the local pot at once
    expect(local_pot.locator("[data-allocated]")).to_have_text("kr 4 300 000")
    expect(local_pot.locator("[data-remaining]")).to_have_text("kr 3 500 000")
    assert plain(local_pot.locator("[data-remaining]").inner_text()) == "kr 3 500 000"

    # When she types more for the direct allocation than the local pot holds
    direct.get_by_label("Beløp (kr)").fill("8 000 000")

    # Then the local pot is shown over-allocated, with a warning
    warning = local_pot.locator("[data-over-warning]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Lokal pott er overtildelt")
    expect(warning).to_contain_text("3 700 000")
    expect(local_pot.locator("[data-remaining]")).to_have_text("kr -3 700 000")
    expect(local_pot.locator("[data-remaining]")).to_have_class(re.compile(r"\btext-danger\b"))
    expect(page.locator("[data-pot-announcer]")).to_contain_text("Lokal pott er overtildelt")
    expect(regional_pot.locator("[data-over-warning]")).to_be_hidden()

    # When she corrects the amount, and gives the second application something from the local pot
    direct.get_by_label("Beløp (kr)").fill("800 000")
    expect(warning).to_be_hidden()
    amount_input(local, HJEMME).fill("500 000")

    # Then the warning stays away and the totals are within the frame
    expect(warning).to_be_hidden()
    expect(local_pot.locator("[data-remaining]")).to_have_text("kr 3 000 000")
    expect(local_pot.locator("[data-remaining]")).not_to_have_class(re.compile(r"\btext-danger\b"))
    expect(local_pot.locator("[data-allocated]")).to_have_text("kr 4 800 000")
    expect(running(local)).to_have_text(["kr 1 500 000", "kr 2 500 000", "kr 3 000 000", "kr 4 000 000"])

    # When she tries to lock the prioritisation with the changes unsaved
    version_before = Prioritisation.objects.get(round=round_).version
    page.get_by_role("button", name="Lås prioriteringen").click()

    # Then she is told to save first, and nothing was locked
    notice = page.locator("[data-unsaved-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_have_text("Du har endringer som ikke er lagret. Lagre før du låser prioriteringen.")
    assert page.url.endswith(reverse("secretariat:board", args=[round_.pk]))
    prio = Prioritisation.objects.get(round=round_)
    assert prio.frozen_at is None and prio.version == version_before

    # When she saves
    page.get_by_role("button", name="Lagre endringer").first.click()

    # Then the page comes back with the order, the amounts and the totals as she left them
    expect(page.get_by_text(f"Prioriteringen er lagret (versjon {version_before + 1})")).to_be_visible()
    expect(unsaved).to_be_hidden()
    expect(titles(regional)).to_have_text(regional_order)
    expect(titles(local)).to_have_text(local_order)
    expect(running(local)).to_have_text(["kr 1 500 000", "kr 2 500 000", "kr 3 000 000", "kr 4 000 000"])
    expect(running(regional)).to_have_text(["kr 2 000 000", "kr 3 000 000", "kr 3 000 000", "kr 6 000 000"])
    assert plain(amount_input(local, LEGEVAKT).input_value()) == "1 000 000"
    assert plain(amount_input(local, HJEMME).input_value()) == "500 000"
    expect(local_pot.locator("[data-allocated]")).to_have_text("kr 4 800 000")
    expect(local_pot.locator("[data-remaining]")).to_have_text("kr 3 000 000")
    expect(warning).to_be_hidden()
    saved_direct = page.locator("#direct-rows .direct-row").first
    expect(saved_direct.get_by_label("Formål")).to_have_value("Lisens for digital hjemmeoppfølging (Dignio)")
    assert plain(saved_direct.get_by_label("Beløp (kr)").input_value()) == "800 000"

    # And in the database
    entries = {
        e.application.title: e
        for e in PriorityEntry.objects.filter(prioritisation__round=round_).select_related("application")
    }
    assert sorted(entries, key=lambda t: entries[t].regional_rank) == regional_order
    assert sorted(entries, key=lambda t: entries[t].local_rank) == local_order
    assert [entries[t].regional_rank for t in regional_order] == [1, 2, 3, 4]
    assert [entries[t].local_rank for t in local_order] == [1, 2, 3, 4]
    assert {t: (e.regional_nok, e.local_nok) for t, e in entries.items()} == {
        LEGEVAKT: (3_000_000, 1_000_000),
        HJEMME: (2_000_000, 500_000),
        RUSTEAM: (1_000_000, 1_000_000),
        PAAROERENDE: (0, 1_500_000),
    }
    assert list(
        DirectAllocation.objects.filter(prioritisation__round=round_).values_list("title", "amount_nok")
    ) == [("Lisens for digital hjemmeoppfølging (Dignio)", 800_000)]
    prio = Prioritisation.objects.get(round=round_)
    assert prio.version == version_before + 1 and prio.updated_by == secretary and prio.frozen_at is None
