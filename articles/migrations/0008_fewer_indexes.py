"""Drop the indexes Django made for foreign keys whose column already leads a unique
constraint or an index of the same table: they served no query the other did not, and
every ingested article wrote to them.

Only the indexes are dropped. AlterField on its own would also drop and re-create each
foreign key constraint, which re-checks every row of the table under an exclusive lock
(minutes at a million articles)."""

import django.db.models.deletion
from django.db import migrations, models

# (table, index, its columns), as Django named and made them.
INDEXES = [
    ("articles_article", "articles_article_bulletin_id_21531284", '"bulletin_id"'),
    ("articles_credit", "articles_credit_article_id_9e9c422a", '"article_id"'),
    ("articles_credit", "articles_credit_person_id_eb23c468", '"person_id"'),
    ("articles_directive", "articles_directive_article_id_08adf246", '"article_id"'),
    ("articles_meeting", "articles_meeting_article_id_cdefef60", '"article_id"'),
    ("articles_mention", "articles_mention_article_id_1a846136", '"article_id"'),
    ("articles_mention", "articles_mention_person_id_a86bbcf3", '"person_id"'),
    ("articles_participation", "articles_participation_meeting_id_6b26f9e0", '"meeting_id"'),
    ("articles_participation", "articles_participation_person_id_427392f0", '"person_id"'),
    (
        "articles_taggedarticle",
        "articles_taggedarticle_content_object_id_c4150235",
        '"content_object_id"',
    ),
    ("articles_taggedarticle", "articles_taggedarticle_tag_id_23d7d828", '"tag_id"'),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_vectors_stored_uncompressed"),
        ("people", "0005_fewer_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="bulletin",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="手工录入的稿件可留空。",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="articles",
                        to="articles.bulletin",
                        verbose_name="来源稿件",
                    ),
                ),
                migrations.AlterField(
                    model_name="credit",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="credits",
                        to="articles.article",
                        verbose_name="稿件",
                    ),
                ),
                migrations.AlterField(
                    model_name="credit",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="credits",
                        to="people.person",
                        verbose_name="人物",
                    ),
                ),
                migrations.AlterField(
                    model_name="directive",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="directives",
                        to="articles.article",
                        verbose_name="稿件",
                    ),
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meetings",
                        to="articles.article",
                        verbose_name="报道稿件",
                    ),
                ),
                migrations.AlterField(
                    model_name="mention",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mentions",
                        to="articles.article",
                        verbose_name="稿件",
                    ),
                ),
                migrations.AlterField(
                    model_name="mention",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="mentions",
                        to="people.person",
                        verbose_name="人物",
                    ),
                ),
                migrations.AlterField(
                    model_name="participation",
                    name="meeting",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="articles.meeting",
                        verbose_name="会议",
                    ),
                ),
                migrations.AlterField(
                    model_name="participation",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="people.person",
                        verbose_name="人物",
                    ),
                ),
                migrations.AlterField(
                    model_name="taggedarticle",
                    name="content_object",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="articles.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="taggedarticle",
                    name="tag",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_articles",
                        to="articles.tag",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for _, name, _ in INDEXES],
                    reverse_sql=[
                        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns})'
                        for table, name, columns in INDEXES
                    ],
                )
            ],
        )
    ]
