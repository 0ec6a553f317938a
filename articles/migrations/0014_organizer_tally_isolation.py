"""The organizer tally of 0013 under every isolation level, and after a TRUNCATE.

- A fold locks rows with ``FOR UPDATE SKIP LOCKED``. Under REPEATABLE READ or SERIALIZABLE,
  a row that another transaction deleted or changed and committed after this one's snapshot
  is not skipped: it fails this one with a serialization error (PostgreSQL docs, "Transaction
  Isolation", 13.2.2). Such a writer now adds its rows and leaves the folding to the next
  READ COMMITTED writer (Django's default, and every writer of this project): the sums stay
  right whatever the rows, and the rows are folded at the next ordinary write.
- A TRUNCATE of meetings emptied the tally with DELETE, which under REPEATABLE READ leaves
  the rows that writers committed after the snapshot: their meetings were truncated, their
  changes not. TRUNCATE of the tally removes every row whoever wrote it, as the TRUNCATE of
  meetings did; it takes no lock that the TRUNCATE of meetings did not make others wait for
  already, since every writer of the tally holds a lock on meetings.
"""

from importlib import import_module

from django.db import migrations

# 0013's function, text for text, with the fold skipped where it would fail. (0013 is applied
# and never changes, so its text can be taken from it.)
_0013 = import_module("articles.migrations.0013_organizer_tally").FORWARD
TALLY_0013 = _0013[
    _0013.index("CREATE FUNCTION articles_tally_organizers") : _0013.index("CREATE TRIGGER")
].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
FOLD = "  WITH folded AS ("
assert TALLY_0013.count(FOLD) == 1
TALLY = TALLY_0013.replace(
    FOLD,
    # Under a snapshot older than the statement, locking a row that a later commit folded
    # is a serialization failure, not a skip: such writers leave their rows unfolded.
    "  IF current_setting('transaction_isolation') <> 'read committed' THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n" + FOLD,
)

# A TRUNCATE naming the tally too (Django's flush names every table) cannot truncate it again
# from here ("being used by active queries"); it is empty then, and DELETE finds nothing.
TRUNCATED = """
CREATE OR REPLACE FUNCTION articles_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE articles_organizertally;
  RETURN NULL;
EXCEPTION WHEN object_in_use THEN
  DELETE FROM articles_organizertally;
  RETURN NULL;
END $$;
"""

TRUNCATED_0013 = _0013[
    _0013.index("CREATE FUNCTION articles_tally_truncated") : _0013.index(
        "CREATE TRIGGER meeting_tally_truncate"
    )
].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_organizer_tally"),
    ]

    operations = [
        migrations.RunSQL(
            TALLY + TRUNCATED,
            TALLY_0013 + TRUNCATED_0013,
        ),
    ]
