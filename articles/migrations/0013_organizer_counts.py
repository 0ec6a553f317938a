"""The meetings of published articles counted per organizer, kept by the database
(models.OrganizerCount), so that the meeting list's organizer filter reads a row per
organizer instead of counting every meeting of the archive (querysets.organizer_counts).

Triggers rather than code, as in 0011: meetings are written by ingest's one statement per
page, the admin's inlines and ``QuerySet.update()``, and articles are published by saves and
by ``update()`` in admin actions; a trigger sees every one of them.
- Meetings: a statement trigger per insert, update and delete adds up the statement's rows
  whose article is published, by organizer, and applies the differences. An update that
  changes neither organizer nor article changes nothing.
- Articles: a row trigger on a change of status adds or subtracts the article's meetings, and
  one on deleting a published article subtracts those still there. Django deletes the
  meetings first, and they are subtracted then; deleted afterwards (the foreign keys are
  checked at commit), a meeting whose article is gone is not subtracted again.
- The counts are written by one transaction at a time (an advisory lock held to its commit):
  two writers taking the same organizers' rows in different orders would deadlock. Ingest
  writes its counts at the end of its page's statement, just before it commits.
"""

from django.db import migrations, models

PUBLISHED = "'published'"  # choices.Status.PUBLISHED, frozen here as migrations are

FORWARD = f"""
INSERT INTO articles_organizercount (organizer, meetings)
SELECT g.organizer, count(*) FROM articles_meeting g JOIN articles_article a ON a.id = g.article_id
 WHERE g.organizer <> '' AND a.status = {PUBLISHED}
 GROUP BY g.organizer;

CREATE FUNCTION articles_add_organizer_counts(organizers text[], changes bigint[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF organizers IS NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock('articles_organizercount'::regclass::oid::bigint);
  INSERT INTO articles_organizercount AS c (organizer, meetings)
  SELECT * FROM unnest(organizers, changes)
  ON CONFLICT (organizer) DO UPDATE SET meetings = c.meetings + excluded.meetings;
END $$;

CREATE FUNCTION articles_meetings_counted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  organizers text[];
  changes bigint[];
BEGIN
  -- Each branch names only the transition tables its event has.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(d.organizer ORDER BY d.organizer), array_agg(d.n ORDER BY d.organizer)
      INTO organizers, changes
      FROM (SELECT g.organizer, count(*) AS n
              FROM new_meetings g JOIN articles_article a ON a.id = g.article_id
             WHERE g.organizer <> '' AND a.status = {PUBLISHED}
             GROUP BY g.organizer) d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(d.organizer ORDER BY d.organizer), array_agg(-d.n ORDER BY d.organizer)
      INTO organizers, changes
      FROM (SELECT g.organizer, count(*) AS n
              FROM old_meetings g JOIN articles_article a ON a.id = g.article_id
             WHERE g.organizer <> '' AND a.status = {PUBLISHED}
             GROUP BY g.organizer) d;
  ELSE
    SELECT array_agg(d.organizer ORDER BY d.organizer), array_agg(d.n ORDER BY d.organizer)
      INTO organizers, changes
      FROM (SELECT x.organizer, sum(x.n) AS n
              FROM (SELECT g.organizer, 1 AS n
                      FROM new_meetings g JOIN articles_article a ON a.id = g.article_id
                     WHERE g.organizer <> '' AND a.status = {PUBLISHED}
                    UNION ALL
                    SELECT g.organizer, -1
                      FROM old_meetings g JOIN articles_article a ON a.id = g.article_id
                     WHERE g.organizer <> '' AND a.status = {PUBLISHED}) x
             GROUP BY x.organizer HAVING sum(x.n) <> 0) d;
  END IF;
  PERFORM articles_add_organizer_counts(organizers, changes);
  RETURN NULL;
END $$;
CREATE TRIGGER meeting_counts_insert AFTER INSERT ON articles_meeting
  REFERENCING NEW TABLE AS new_meetings
  FOR EACH STATEMENT EXECUTE FUNCTION articles_meetings_counted();
CREATE TRIGGER meeting_counts_update AFTER UPDATE ON articles_meeting
  REFERENCING OLD TABLE AS old_meetings NEW TABLE AS new_meetings
  FOR EACH STATEMENT EXECUTE FUNCTION articles_meetings_counted();
CREATE TRIGGER meeting_counts_delete AFTER DELETE ON articles_meeting
  REFERENCING OLD TABLE AS old_meetings
  FOR EACH STATEMENT EXECUTE FUNCTION articles_meetings_counted();

CREATE FUNCTION articles_meetings_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM articles_organizercount;
  RETURN NULL;
END $$;
CREATE TRIGGER meeting_counts_truncate AFTER TRUNCATE ON articles_meeting
  FOR EACH STATEMENT EXECUTE FUNCTION articles_meetings_truncated();

-- An article published (+1 per meeting), unpublished or deleted while published (-1).
CREATE FUNCTION articles_article_counted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sign integer := CASE WHEN TG_OP = 'UPDATE' AND NEW.status = {PUBLISHED} THEN 1 ELSE -1 END;
  organizers text[];
  changes bigint[];
BEGIN
  SELECT array_agg(d.organizer ORDER BY d.organizer), array_agg(sign * d.n ORDER BY d.organizer)
    INTO organizers, changes
    FROM (SELECT g.organizer, count(*) AS n FROM articles_meeting g
           WHERE g.article_id = OLD.id AND g.organizer <> ''
           GROUP BY g.organizer) d;
  PERFORM articles_add_organizer_counts(organizers, changes);
  RETURN NULL;
END $$;
CREATE TRIGGER article_counts_status AFTER UPDATE OF status ON articles_article
  FOR EACH ROW WHEN ((OLD.status = {PUBLISHED}) IS DISTINCT FROM (NEW.status = {PUBLISHED}))
  EXECUTE FUNCTION articles_article_counted();
CREATE TRIGGER article_counts_delete AFTER DELETE ON articles_article
  FOR EACH ROW WHEN (OLD.status = {PUBLISHED})
  EXECUTE FUNCTION articles_article_counted();
"""

BACKWARD = """
DROP TRIGGER article_counts_delete ON articles_article;
DROP TRIGGER article_counts_status ON articles_article;
DROP TRIGGER meeting_counts_truncate ON articles_meeting;
DROP TRIGGER meeting_counts_delete ON articles_meeting;
DROP TRIGGER meeting_counts_update ON articles_meeting;
DROP TRIGGER meeting_counts_insert ON articles_meeting;
DROP FUNCTION articles_article_counted();
DROP FUNCTION articles_meetings_truncated();
DROP FUNCTION articles_meetings_counted();
DROP FUNCTION articles_add_organizer_counts(text[], bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_directive_meeting_of_article"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganizerCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("organizer", models.CharField(max_length=200, verbose_name="召开单位")),
                ("meetings", models.IntegerField(default=0, verbose_name="会议数")),
            ],
            options={
                "verbose_name": "召开单位的会议数",
                "verbose_name_plural": "召开单位的会议数",
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organizer",), name="organizercount_unique_organizer"
                    )
                ],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
