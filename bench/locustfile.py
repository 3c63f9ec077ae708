"""Locust users for the benchmark; bench/run.py starts locust with this file and one of the user
classes (PageUser or RushUser), one run per page.

Never imported by Django code (locust patches the standard library with gevent). Configured by
environment variables the runner sets:

- PageUser: every user GETs BENCH_PATH with the session cookie BENCH_SESSION, without
  following redirects (a redirect to the login or the second factor counts as a failure).
- RushUser: BENCH_RUSH is a JSON file of [{"session", "csrf", "path"}, ...]; each user
  takes one entry and POSTs the submit form once (one click), then stops. The run ends when every
  user has clicked.

Each run writes the response times in milliseconds, unrounded (locust's own percentiles are
bucketed), to BENCH_OUT as JSON: {"times_ms": [...], "failures": N, "seconds": S, "errors": [...]}.
Requests in the first BENCH_WARMUP seconds are not recorded.
"""

import json
import os
import time

import gevent
from locust import constant, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

PATH = os.environ.get("BENCH_PATH", "/helsesjekk/")
SESSION = os.environ.get("BENCH_SESSION", "")
OUT = os.environ.get("BENCH_OUT", "bench-times.json")
WARMUP = float(os.environ.get("BENCH_WARMUP", "0"))
RUSH = (
    json.loads(open(os.environ["BENCH_RUSH"], encoding="utf-8").read())
    if os.environ.get("BENCH_RUSH")
    else []
)

_state = {"start": None, "measure_from": None, "times": [], "failures": 0, "errors": [], "clicked": 0}
_rush_entries = iter(RUSH)


@events.test_start.add_listener
def _started(environment, **kwargs):
    _state["start"] = time.monotonic()
    _state["measure_from"] = _state["start"] + WARMUP


@events.request.add_listener
def _recorded(request_type, name, response_time, response_length, exception, **kwargs):
    if time.monotonic() < (_state["measure_from"] or 0):
        return
    if exception is not None:
        _state["failures"] += 1
        if len(_state["errors"]) < 5:
            _state["errors"].append(f"{name}: {exception}")
        return
    _state["times"].append(response_time)


@events.quitting.add_listener
def _write(environment, **kwargs):
    seconds = time.monotonic() - max(_state["measure_from"] or 0, _state["start"] or 0)
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "times_ms": _state["times"],
                "failures": _state["failures"],
                "errors": _state["errors"],
                "seconds": seconds,
            },
            handle,
        )


def _check(response, expected: int):
    if response.status_code != expected:
        response.failure(f"status {response.status_code}, expected {expected}")
    else:
        response.success()


class PageUser(FastHttpUser):
    """A signed-in user opening the same page again and again."""

    wait_time = constant(0)

    @task
    def page(self):
        with self.client.get(
            PATH,
            name=PATH,
            headers={"Cookie": f"sessionid={SESSION}"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            _check(response, 200)


class RushUser(FastHttpUser):
    """An applicant who clicks «Send inn» once, at the deadline."""

    wait_time = constant(0)

    @task
    def submit(self):
        entry = next(_rush_entries, None)
        if entry is None:
            raise StopUser
        with self.client.post(
            entry["path"],
            name="send inn",
            data=f"csrfmiddlewaretoken={entry['csrf']}",
            headers={
                "Cookie": f"sessionid={entry['session']}; csrftoken={entry['csrf']}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Success is the redirect to the receipt; a refusal redirects back to the application.
            if response.status_code == 302 and "/kvittering/" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"status {response.status_code} to {response.headers.get('Location')}")
        _state["clicked"] += 1
        if _state["clicked"] == len(RUSH):
            gevent.spawn_later(0.2, self.environment.runner.quit)
        raise StopUser
