from django.db import migrations

VECTORS = ("search_vector", "rank_vector")


def _set_storage(storage: str) -> str:
    columns = ", ".join(f"ALTER COLUMN {name} SET STORAGE {storage}" for name in VECTORS)
    return f"ALTER TABLE articles_article {columns}"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_add_search_text"),
    ]

    # A row's large values are compressed before they are moved out of line (PostgreSQL
    # docs, 73.2 "TOAST"). The binary positions of a vector do not compress: pglz ran over
    # each article's search and rank vectors (about 10 KB) and stored them as they were,
    # about 6% of the server's CPU for an ingested page (perf). EXTERNAL moves them out of
    # line without trying. Values stored already keep their form (uncompressed, as pglz
    # gave up on them).
    operations = [
        migrations.RunSQL(_set_storage("EXTERNAL"), _set_storage("EXTENDED")),
    ]
