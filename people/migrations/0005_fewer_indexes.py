"""Drop Person.name's own two indexes (the unique (name, disambiguation) and
person_name_prefix serve every lookup) and Position.person's (position_unique_person_title
leads with it); only the indexes, as articles 0008_fewer_indexes explains."""

import django.db.models.deletion
from django.db import migrations, models

# (table, index, its columns), as Django named and made them.
INDEXES = [
    ("people_person", "people_person_name_2a843d4b", '"name"'),
    ("people_person", "people_person_name_2a843d4b_like", '"name" varchar_pattern_ops'),
    ("people_position", "people_position_person_id_9d9a1a1e", '"person_id"'),
]


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_person_aliases_without_pending_list"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="name",
                    field=models.CharField(max_length=40, verbose_name="姓名"),
                ),
                migrations.AlterField(
                    model_name="position",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="positions",
                        to="people.person",
                        verbose_name="人物",
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
