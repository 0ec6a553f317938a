"""Load the demo bulletins under demo/ (our own writing, fictional names), published.

Each file is named after its issue date (2024-03-12.txt). Loading is idempotent: a file
already imported is skipped, so ``make run`` may call this every time.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingest.pipeline import ingest

DEMO_DIR = Path(settings.BASE_DIR) / "demo"


class Command(BaseCommand):
    help = "导入演示稿件（demo/ 目录，虚构人名），并直接发布。"

    def handle(self, *args, **options):
        files = sorted(DEMO_DIR.glob("*.txt"))
        if not files:
            raise CommandError(f"没有演示稿件：{DEMO_DIR}")
        created = skipped = 0
        for path in files:
            outcome = ingest(
                path.read_bytes(), path.name, dt.date.fromisoformat(path.stem), publish=True
            )
            if not outcome.ok:
                raise CommandError(f"{path.name}: {outcome.error}")
            if outcome.result.status == "skipped":
                skipped += 1
            else:
                created += 1
        self.stdout.write(f"演示稿件：新导入 {created} 份，已存在 {skipped} 份。")
