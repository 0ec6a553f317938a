"""Ingest pages of bulletins: files, folders or standard input.

Exit status: 0 when every bulletin loaded (or was already there), 1 when some failed
(the others are still stored), 2 for bad usage.
"""

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.pipeline import (
    Outcome,
    connections_for,
    default_jobs,
    prepare_many,
    store_many,
)
from articles.management.progress import Progress

SUFFIXES = {".txt", ".text", ".docx"}


class Command(BaseCommand):
    help = "导入稿件：解析文本或 Word 文件中的新闻，生成稿件、会议、人物和工作要求。"

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="文件、目录（其中的 .txt/.docx）或 -（标准输入）"
        )
        parser.add_argument(
            "--date", type=_iso_date, help="刊期 YYYY-MM-DD（默认今天，并给出提示）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只解析预览，不保存")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析结果")
        parser.add_argument("--publish", action="store_true", help="导入后直接发布")
        parser.add_argument("--replace", action="store_true", help="重新解析已导入的稿件并替换")
        parser.add_argument("--force", action="store_true", help="与 --replace 同用：覆盖人工修改")
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help=(
                "解析用的进程数（默认为 CPU 核数，最多 4；1 表示不另开进程）；"
                "大于 1 时用其两倍的数据库连接同时保存"
            ),
        )

    def handle(self, *args, **options):
        if options["force"] and not options["replace"]:
            raise CommandError("--force 只能与 --replace 一起使用。", returncode=2)
        if options["jobs"] < 1:
            raise CommandError("--jobs 至少为 1。", returncode=2)
        sources = list(_sources(options["paths"]))
        if not sources:
            raise CommandError("没有找到可导入的文件（.txt 或 .docx）。", returncode=2)

        outcomes: list[Outcome] = []
        progress = Progress(self.stderr, len(sources))
        # Pages are read and parsed in worker processes, ahead of this one...
        prepared = prepare_many(
            sources, options["date"], index=not options["dry_run"], jobs=options["jobs"]
        )
        if options["dry_run"]:
            done = (outcome for _, outcome in prepared)
        else:
            # ... and stored several at once (each page in its own transaction).
            done = store_many(
                prepared,
                at_once=connections_for(options["jobs"]),
                publish=options["publish"],
                replace=options["replace"],
                force=options["force"],
            )
        for outcome in done:
            outcomes.append(outcome)
            progress.step(Path(outcome.source_name).name)
            for warning in outcome.warnings:
                self.stderr.write(f"{outcome.source_name}: 提示：{warning}")
            if outcome.error:
                self.stderr.write(self.style.ERROR(f"{outcome.source_name}: 失败：{outcome.error}"))
        progress.done()

        if options["json"]:
            document = {"bulletins": [_json_of(o) for o in outcomes]}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))
        elif options["dry_run"]:
            self._print_preview(outcomes)
        if not options["dry_run"]:
            self._print_counts(outcomes)
        if any(not o.ok for o in outcomes):
            sys.exit(1)

    def _print_preview(self, outcomes):
        for outcome in outcomes:
            if not outcome.ok:
                continue
            self.stdout.write(f"{outcome.source_name}（{outcome.decoded.encoding}）")
            for article in outcome.parsed.articles:
                self.stdout.write(
                    f"  {article.date:%Y-%m-%d} {article.title}："
                    f"{len(article.paragraphs)} 段，{len(article.people)} 人，"
                    f"{len(article.meetings)} 个会议，{len(article.directives)} 条工作要求"
                )

    def _print_counts(self, outcomes):
        results = [o.result for o in outcomes if o.result is not None]
        by_status = {
            s: sum(r.status == s for r in results) for s in ("created", "replaced", "skipped")
        }
        failed = sum(not o.ok for o in outcomes)
        self.stderr.write(
            f"稿件来源：新建 {by_status['created']}，替换 {by_status['replaced']}，"
            f"已导入跳过 {by_status['skipped']}，失败 {failed}"
        )
        self.stderr.write(
            f"稿件 {sum(len(r.articles) for r in results)} 篇；"
            f"人物新建 {sum(r.people_new for r in results)}、"
            f"匹配已有 {sum(r.people_matched for r in results)}；"
            f"会议 {sum(r.meetings for r in results)} 个；"
            f"工作要求 {sum(r.directives for r in results)} 条"
        )


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date: {value}") from None


def _sources(paths):
    """(name, path or bytes) pairs: files as given, folders expanded in name order, '-' is
    standard input (read here)."""
    for given in paths:
        if given == "-":
            yield "-", sys.stdin.buffer.read()
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield str(child), str(child)
        elif path.exists():
            yield given, given
        else:
            raise CommandError(f"文件不存在：{given}", returncode=2)


def _json_of(outcome: Outcome) -> dict:
    if outcome.ok:
        return outcome.as_json()
    return {
        "source": outcome.source_name,
        "sha256": outcome.sha256,
        "error": outcome.error,
        "warnings": outcome.warnings,
    }
