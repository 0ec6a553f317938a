"""The meetings per organizer kept by the database as a tally of changes
(models.OrganizerTally), so that the meeting list's organizer filter sums a row or so per
organizer instead of counting every meeting of the archive (querysets.organizer_counts).

Triggers rather than code, as in 0011: meetings are written by ingest's one statement per
page, the admin's inlines and ``QuerySet.update()``; a trigger sees every one of them.
- A statement trigger per insert, update and delete adds a row per organizer whose meetings
  the statement changed, with the change. An update that moves no meeting from one
  organizer to another adds nothing.
- It then folds each of those organizers' rows into one: it deletes the rows no other
  transaction has locked (``SKIP LOCKED``) and adds their sum back, in one statement. Rows
  another writer is folding stay for a later fold.
- So no writer ever waits for another here, and none can deadlock. Whatever a reader's
  snapshot shows, an organizer's rows add up to its meetings in that snapshot: a writer's
  rows, and the deletion and sum of a fold, become visible together at its commit.
- Every meeting is counted, whatever its article's status. Counting only published articles'
  meetings would have triggers on articles read meetings and triggers on meetings read
  articles, each blind to the other's uncommitted change; drafts are few, and are
  subtracted when read.

The tally is filled after the triggers are made: CREATE TRIGGER holds off writers of
meetings until this migration commits, so no meeting is missed or counted twice.
"""

from django.db import migrations, models

FORWARD = """
CREATE FUNCTION articles_tally_organizers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  organizers text[];
  changes integer[];
BEGIN
  -- Each branch names only the transition tables its event has.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(d.organizer), array_agg(d.n) INTO organizers, changes
      FROM (SELECT organizer, count(*) AS n FROM new_meetings
             WHERE organizer <> '' GROUP BY organizer) d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(d.organizer), array_agg(-d.n) INTO organizers, changes
      FROM (SELECT organizer, count(*) AS n FROM old_meetings
             WHERE organizer <> '' GROUP BY organizer) d;
  ELSE
    SELECT array_agg(d.organizer), array_agg(d.n) INTO organizers, changes
      FROM (SELECT x.organizer, sum(x.n) AS n
              FROM (SELECT organizer, 1 AS n FROM new_meetings WHERE organizer <> ''
                    UNION ALL
                    SELECT organizer, -1 FROM old_meetings WHERE organizer <> '') x
             GROUP BY x.organizer HAVING sum(x.n) <> 0) d;
  END IF;
  IF organizers IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO articles_organizertally (organizer, meetings)
  SELECT * FROM unnest(organizers, changes);
  WITH folded AS (
    DELETE FROM articles_organizertally
     WHERE id IN (SELECT id FROM articles_organizertally
                   WHERE organizer = ANY(organizers) FOR UPDATE SKIP LOCKED)
    RETURNING organizer, meetings)
  INSERT INTO articles_organizertally (organizer, meetings)
  SELECT organizer, sum(meetings) FROM folded GROUP BY organizer HAVING sum(meetings) <> 0;
  RETURN NULL;
END $$;
CREATE TRIGGER meeting_tally_insert AFTER INSERT ON articles_meeting
  REFERENCING NEW TABLE AS new_meetings
  FOR EACH STATEMENT EXECUTE FUNCTION articles_tally_organizers();
CREATE TRIGGER meeting_tally_update AFTER UPDATE ON articles_meeting
  REFERENCING OLD TABLE AS old_meetings NEW TABLE AS new_meetings
  FOR EACH STATEMENT EXECUTE FUNCTION articles_tally_organizers();
CREATE TRIGGER meeting_tally_delete AFTER DELETE ON articles_meeting
  REFERENCING OLD TABLE AS old_meetings
  FOR EACH STATEMENT EXECUTE FUNCTION articles_tally_organizers();

CREATE FUNCTION articles_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM articles_organizertally;
  RETURN NULL;
END $$;
CREATE TRIGGER meeting_tally_truncate AFTER TRUNCATE ON articles_meeting
  FOR EACH STATEMENT EXECUTE FUNCTION articles_tally_truncated();

INSERT INTO articles_organizertally (organizer, meetings)
SELECT organizer, count(*) FROM articles_meeting WHERE organizer <> '' GROUP BY organizer;
"""

BACKWARD = """
DROP TRIGGER meeting_tally_truncate ON articles_meeting;
DROP TRIGGER meeting_tally_delete ON articles_meeting;
DROP TRIGGER meeting_tally_update ON articles_meeting;
DROP TRIGGER meeting_tally_insert ON articles_meeting;
DROP FUNCTION articles_tally_truncated();
DROP FUNCTION articles_tally_organizers();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_directive_meeting_of_article"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganizerTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("organizer", models.CharField(max_length=200, verbose_name="召开单位")),
                ("meetings", models.IntegerField(verbose_name="会议数的变化")),
            ],
            options={
                "verbose_name": "召开单位的会议数",
                "verbose_name_plural": "召开单位的会议数",
                "default_permissions": (),
                "indexes": [models.Index(fields=["organizer"], name="organizertally_organizer")],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
