"""Bylines, mentions, participations and directives carry their article's event date, and
participations their meeting's date, kept by the database, so that a person's rows sort
newest first through an index on the person (models.article_date_field, person_page.py).

Triggers rather than code: rows are written by ingest's bulk_create, the admin's inlines and
saves, and ``QuerySet.update()`` changes an article's date without a signal; a trigger sees
every one of them. A row takes the date when it is inserted or updated, and an article or a
meeting passes its own on when it changes. The rows are filled before the triggers and the
indexes are made, so the backfill writes each row once.
"""

import django.db.models.deletion
from django.db import migrations, models

FORWARD = """
UPDATE articles_mention m SET article_date = a.event_date
  FROM articles_article a WHERE a.id = m.article_id;
UPDATE articles_credit c SET article_date = a.event_date
  FROM articles_article a WHERE a.id = c.article_id;
UPDATE articles_directive d SET article_date = a.event_date
  FROM articles_article a WHERE a.id = d.article_id;
UPDATE articles_participation x SET article_date = a.event_date, meeting_date = g.date
  FROM articles_meeting g JOIN articles_article a ON a.id = g.article_id
 WHERE g.id = x.meeting_id;

CREATE FUNCTION articles_row_article_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.article_date := (SELECT a.event_date FROM articles_article a WHERE a.id = NEW.article_id);
  RETURN NEW;
END $$;
CREATE TRIGGER mention_article_date BEFORE INSERT OR UPDATE ON articles_mention
  FOR EACH ROW EXECUTE FUNCTION articles_row_article_date();
CREATE TRIGGER credit_article_date BEFORE INSERT OR UPDATE ON articles_credit
  FOR EACH ROW EXECUTE FUNCTION articles_row_article_date();
CREATE TRIGGER directive_article_date BEFORE INSERT OR UPDATE ON articles_directive
  FOR EACH ROW EXECUTE FUNCTION articles_row_article_date();

CREATE FUNCTION articles_participation_article_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.event_date, g.date INTO NEW.article_date, NEW.meeting_date
    FROM articles_meeting g JOIN articles_article a ON a.id = g.article_id
   WHERE g.id = NEW.meeting_id;
  RETURN NEW;
END $$;
CREATE TRIGGER participation_article_date BEFORE INSERT OR UPDATE ON articles_participation
  FOR EACH ROW EXECUTE FUNCTION articles_participation_article_date();

-- The rows' own triggers read the article's new date again as these updates fire them.
CREATE FUNCTION articles_article_date_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE articles_mention SET article_date = NEW.event_date WHERE article_id = NEW.id;
  UPDATE articles_credit SET article_date = NEW.event_date WHERE article_id = NEW.id;
  UPDATE articles_directive SET article_date = NEW.event_date WHERE article_id = NEW.id;
  UPDATE articles_participation x SET article_date = NEW.event_date
    FROM articles_meeting g WHERE g.article_id = NEW.id AND x.meeting_id = g.id;
  RETURN NULL;
END $$;
CREATE TRIGGER article_date_to_rows AFTER UPDATE OF event_date ON articles_article
  FOR EACH ROW WHEN (OLD.event_date IS DISTINCT FROM NEW.event_date)
  EXECUTE FUNCTION articles_article_date_changed();

-- A meeting moved to another article, or given another date: its participations' own
-- trigger reads both dates again.
CREATE FUNCTION articles_meeting_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE articles_participation SET article_date = NULL WHERE meeting_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER meeting_dates_to_rows AFTER UPDATE OF article_id, date ON articles_meeting
  FOR EACH ROW WHEN (OLD.article_id IS DISTINCT FROM NEW.article_id
                     OR OLD.date IS DISTINCT FROM NEW.date)
  EXECUTE FUNCTION articles_meeting_changed();
"""

BACKWARD = """
DROP TRIGGER meeting_dates_to_rows ON articles_meeting;
DROP TRIGGER article_date_to_rows ON articles_article;
DROP TRIGGER participation_article_date ON articles_participation;
DROP TRIGGER directive_article_date ON articles_directive;
DROP TRIGGER credit_article_date ON articles_credit;
DROP TRIGGER mention_article_date ON articles_mention;
DROP FUNCTION articles_meeting_changed();
DROP FUNCTION articles_article_date_changed();
DROP FUNCTION articles_participation_article_date();
DROP FUNCTION articles_row_article_date();
"""


def article_date():
    return models.DateField(editable=False, null=True, verbose_name="稿件日期")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_draft_ids_index"),
        ("people", "0005_fewer_indexes"),
    ]

    operations = [
        migrations.AddField(model_name="credit", name="article_date", field=article_date()),
        migrations.AddField(model_name="mention", name="article_date", field=article_date()),
        migrations.AddField(model_name="directive", name="article_date", field=article_date()),
        migrations.AddField(model_name="participation", name="article_date", field=article_date()),
        migrations.AddField(
            model_name="participation",
            name="meeting_date",
            field=models.DateField(editable=False, null=True, verbose_name="会议日期"),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name="credit",
            index=models.Index(
                fields=["person", "-article_date", "-article"], name="credit_person_date"
            ),
        ),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                fields=["person", "-article_date", "-article"], name="mention_person_date"
            ),
        ),
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(
                fields=["person", "-article_date"], name="participation_person_date"
            ),
        ),
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(
                fields=["person", "-meeting_date", "-meeting"], name="participation_person_meeting"
            ),
        ),
        migrations.AddIndex(
            model_name="directive",
            index=models.Index(
                fields=["issuer", "-article_date", "-article", "order"],
                name="directive_issuer_date",
            ),
        ),
        # Its index is the new one's first column.
        migrations.AlterField(
            model_name="directive",
            name="issuer",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="由个人提出时填写；“会议强调”留空。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="directives",
                to="people.person",
                verbose_name="提出人",
            ),
        ),
    ]
