"""`manage.py bench_data`: adds the benchmark's generated data set (core/bench_data.py).

    manage.py bench_data --scale small            1 helsefellesskap × 3 rounds × 5 applications
    manage.py bench_data --scale large            4 × 10 × 50 = 2 000 applications, 200 meetings,
                                                  300 projects
    manage.py bench_data --rush 50                50 applicants, each with a complete draft in
                                                  Helgeland's open round
    --json FILE                                   writes what was made (users and ids) as JSON

The data is added on top of what is there; run it on a throwaway database (make bench does).
"""

import json
import time

from django.core.management.base import BaseCommand

from core import bench_data


class Command(BaseCommand):
    help = "Adds the benchmark's generated data set (see core/bench_data.py)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(bench_data.SCALES), help="the data set to add")
        parser.add_argument("--rush", type=int, default=0, help="complete drafts for the deadline rush")
        parser.add_argument("--json", dest="json_path", help="write the ids and e-mails made to this file")

    def handle(self, *args, scale=None, rush=0, json_path=None, **options):
        result = {}
        if scale:
            started = time.perf_counter()
            result["targets"] = bench_data.generate(scale)
            result["seconds"] = round(time.perf_counter() - started, 1)
            self.stdout.write(f"Data set «{scale}» added in {result['seconds']} s: {bench_data.counts()}")
        if rush:
            result["rush"] = bench_data.rush_drafts(rush)
            self.stdout.write(f"{rush} complete drafts for the deadline rush.")
        if json_path:
            with open(json_path, "w", encoding="utf-8") as handle:
                json.dump(result, handle, indent=2)
