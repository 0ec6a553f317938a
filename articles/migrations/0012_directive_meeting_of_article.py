"""A directive's meeting is one its own article reports, held by the database; and an index
of a person's participations by role and article date.

A person page lists the directives of the meetings someone chaired, newest first. With
the pair held, a directive's article date is its meeting's article date, which each
participation carries (0011): the chair's rows are walked newest first through
``participation_person_role_date`` and stop after a page, where every directive of every
meeting a leader chaired was read and sorted (2,800 for the benchmark's busiest, 12-25 ms).

The pair is a foreign key from (meeting, article) to the meeting's (id, article), which
Django cannot declare, so it is SQL here; deferred to the end of the transaction as
Django's own keys are. A meeting with directives cannot move to another article (its
directives are the text of the article that reports it; ``Meeting.clean`` says so in the
form); a meeting deleted leaves its directives without one, as ``Directive.meeting``'s
SET_NULL does (a null meeting is not checked). Ingest and the article form never paired a
directive with another article's meeting; the directive form could. Such a link is cleared
before the key is added, and the directives are listed on standard output.
"""

from django.db import migrations, models

FOREIGN_KEY = """
ALTER TABLE articles_directive ADD CONSTRAINT directive_meeting_of_article
  FOREIGN KEY (meeting_id, article_id) REFERENCES articles_meeting (id, article_id)
  DEFERRABLE INITIALLY DEFERRED
"""


def clear_other_articles_meetings(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            """UPDATE articles_directive d SET meeting_id = NULL
                 FROM articles_meeting g
                WHERE g.id = d.meeting_id AND g.article_id <> d.article_id
            RETURNING d.id, d.article_id, g.id"""
        )
        cleared = cursor.fetchall()
    for directive, article, meeting in cleared:
        print(
            f"\n  directive {directive} (article {article}) no longer names meeting {meeting},"
            " which another article reports",
            end="",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_row_article_dates"),
        ("people", "0005_fewer_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="participation",
            name="participation_person_role",
        ),
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(
                fields=["person", "role", "-article_date"], name="participation_person_role_date"
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                fields=("id", "article"), name="meeting_unique_id_article"
            ),
        ),
        migrations.RunPython(clear_other_articles_meetings, migrations.RunPython.noop),
        migrations.RunSQL(
            FOREIGN_KEY,
            "ALTER TABLE articles_directive DROP CONSTRAINT directive_meeting_of_article",
        ),
    ]
