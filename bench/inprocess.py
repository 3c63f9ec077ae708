"""A quick in-process look at the pages `make bench` measures: the large data set, then each page
requested N times with django.test.Client (no gunicorn, no load tool) and its mean and p95 time
beside the trivial view's with the same session. The ratio is of CPU work per request, which is
what decides the ratio under load; use it while making a page faster, then run `make bench`.

    scripts/with-services .venv/bin/python bench/inprocess.py [name-substring ...] [--n 30]
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: the same data set, sessions and pages)


def timed(client, path: str, n: int) -> tuple[float, float]:
    for _ in range(3):
        client.get(path)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.get("Location"))
    times.sort()
    return statistics.mean(times), times[max(0, round(0.95 * n) - 1)]


def main() -> int:
    args = sys.argv[1:]
    n = 30
    if "--n" in args:
        n = int(args[args.index("--n") + 1])
        del args[args.index("--n") : args.index("--n") + 2]
    work = Path(tempfile.mkdtemp(prefix="bench-inprocess-"))
    run.setup_django(work)
    run.manage("migrate", interactive=False, verbosity=0)
    run.manage("collectstatic", interactive=False, verbosity=0)
    run.data_set(work, scale="small")
    targets = run.data_set(work, scale="large")["targets"]
    sessions = {
        "applicant": run.make_session(targets["applicant"], second_factor=False),
        "secretariat": run.make_session(targets["secretariat"], second_factor=True),
        "committee": run.make_session(targets["committee_member"], second_factor=True),
    }
    from django.test import Client

    print(f"{'page':<40} {'mean ms':>8} {'p95 ms':>8} {'trivial':>8} {'ratio':>6}")
    for page in run.pages_for(targets):
        if args and not any(a in page["name"] for a in args):
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = sessions[page["role"]]
        mean, p95 = timed(client, page["path"], n)
        trivial_mean, _trivial_p95 = timed(client, run.HEALTH, n)
        print(
            f"{page['name']:<40} {mean:>8.1f} {p95:>8.1f} {trivial_mean:>8.1f} {mean / trivial_mean:>6.2f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
