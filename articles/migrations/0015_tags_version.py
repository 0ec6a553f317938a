"""A version of the tags' names, slugs and kinds, for the per-process tag cache (tag_cache.py).

Lists read their articles' tags as ids and take names from a cache in each process; they
read this version in the same statement, and the cache is dropped when it differs. Every
statement that changes or removes tags sets it to a new number from a sequence, which never
gives a number twice, even to statements rolled back (PostgreSQL docs, "Sequence
Manipulation Functions"): a version once read is only ever seen again with the same names.
(The id of the transaction would not do: a statement rolled back to a savepoint leaves the
transaction's earlier changes, and its id, with the names before it.) Adding tags (ingest)
changes no version: a new tag's id is not in any cache yet.

UPDATE and DELETE take the row's lock before the statement touches a tag, so writers of
tags wait for each other there, at their first change, rather than deadlock over tag rows
and this one; that holds while nothing locks tag rows before changing them (no SELECT ...
FOR UPDATE of tags: ingest only inserts them, and the admin saves one at a time). TRUNCATE
sets it after the tags are gone. Inserting changes no version because tag ids are never
used twice: a sequence gives them, and only TRUNCATE ... RESTART IDENTITY resets it.

The table and its sequence are not a model's: they are the database's own bookkeeping, left
alone by Django's flush (whose TRUNCATE of the tags sets the version again) and by its
sequence resets.
"""

from django.db import migrations

FORWARD = """
CREATE SEQUENCE articles_tagsversion_seq;
CREATE TABLE articles_tagsversion (
  id smallint PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO articles_tagsversion VALUES (1, nextval('articles_tagsversion_seq'));

CREATE FUNCTION articles_tags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO articles_tagsversion (id, version)
  VALUES (1, nextval('articles_tagsversion_seq'))
  ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
  RETURN NULL;
END $$;

CREATE TRIGGER tag_changed BEFORE UPDATE OR DELETE ON articles_tag
  FOR EACH STATEMENT EXECUTE FUNCTION articles_tags_changed();
CREATE TRIGGER tag_truncated AFTER TRUNCATE ON articles_tag
  FOR EACH STATEMENT EXECUTE FUNCTION articles_tags_changed();
"""

BACKWARD = """
DROP TRIGGER tag_truncated ON articles_tag;
DROP TRIGGER tag_changed ON articles_tag;
DROP FUNCTION articles_tags_changed();
DROP TABLE articles_tagsversion;
DROP SEQUENCE articles_tagsversion_seq;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_organizer_tally_isolation"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
