"""Fill the page cache with every page a make bench pass will request (bench/pages.py).

    python -m bench.warm PATHS.json HOST:PORT      (in the app's environment, with REDIS_URL)

wrk's warm-up of a few seconds requests each of the 500 article paths about once, so the
"cached" numbers would mostly measure misses. Run in the environment the server gets, this
renders each path once through Django with the server's host, which stores it under the key
the server looks up.
"""

from __future__ import annotations

import json
import sys
import time


def main(argv: list[str]) -> None:
    paths_file, host = argv
    import django

    django.setup()
    from django.test import Client

    paths = json.loads(open(paths_file, encoding="utf-8").read())
    client = Client(HTTP_HOST=host)
    started, count = time.perf_counter(), 0
    for page_paths in paths.values():
        for path in page_paths:
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path}: HTTP {response.status_code}")
            count += 1
    print(f"page cache filled: {count} pages in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
