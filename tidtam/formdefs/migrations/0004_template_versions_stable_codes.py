"""Template versions: status, previous version, stable item codes and the series (lineage) of items and
columns across versions. Existing versions were loaded from files: they become published, their items get
the code "P<policy order>.I<number>" and every item and column starts its own series."""

import django.db.models.deletion
from django.db import migrations, models


def backfill_codes(apps, schema_editor):
    Item = apps.get_model("formdefs", "Item")
    Column = apps.get_model("formdefs", "Column")
    for item in Item.objects.select_related("policy", "template"):
        item.code = f"P{item.policy.order}.I{item.number}"
        item.lineage = f"{item.template.code}/{item.code}"
        item.save(update_fields=["code", "lineage"])
    for column in Column.objects.all():
        column.lineage = column.key
        column.save(update_fields=["lineage"])


class Migration(migrations.Migration):
    dependencies = [
        ("formdefs", "0003_item_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="formtemplate",
            name="status",
            field=models.CharField(
                choices=[("draft", "ฉบับร่าง"), ("published", "เผยแพร่แล้ว")], default="published", max_length=16
            ),
        ),
        migrations.AddField(
            model_name="formtemplate",
            name="previous",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="successors",
                to="formdefs.formtemplate",
            ),
        ),
        migrations.AddField(model_name="formtemplate", name="notes", field=models.TextField(blank=True)),
        migrations.AddField(
            model_name="item", name="code", field=models.CharField(default="", max_length=64), preserve_default=False
        ),
        migrations.AddField(model_name="item", name="numbering", field=models.CharField(blank=True, max_length=16)),
        migrations.AddField(
            model_name="item", name="continues_from", field=models.CharField(blank=True, max_length=64)
        ),
        migrations.AddField(
            model_name="item",
            name="lineage",
            field=models.CharField(db_index=True, default="", max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="column", name="continues_from", field=models.SlugField(blank=True, max_length=64)
        ),
        migrations.AddField(
            model_name="column",
            name="lineage",
            field=models.CharField(db_index=True, default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(backfill_codes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(fields=("template", "code"), name="item_code_unique"),
        ),
    ]
