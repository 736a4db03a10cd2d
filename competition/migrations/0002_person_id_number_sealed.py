"""Resident ID numbers sealed at rest (issue 15, point 5): the plain column becomes a Fernet token and an HMAC look-up
column, which takes over the uniqueness constraint. Existing rows are encrypted here, with the keys of the settings."""

from django.db import migrations, models

from core.sealed import keyed_hash, seal, unseal


def seal_numbers(apps, schema_editor):
    Person = apps.get_model("competition", "Person")
    for person in Person.objects.only("pk", "id_number").iterator(chunk_size=1000):
        Person.objects.filter(pk=person.pk).update(
            id_number_sealed=seal(person.id_number), id_number_hash=keyed_hash(person.id_number)
        )


def unseal_numbers(apps, schema_editor):
    Person = apps.get_model("competition", "Person")
    for person in Person.objects.only("pk", "id_number_sealed").iterator(chunk_size=1000):
        Person.objects.filter(pk=person.pk).update(id_number=unseal(person.id_number_sealed))


class Migration(migrations.Migration):
    dependencies = [("competition", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="id_number_sealed",
            field=models.TextField(default="", editable=False, verbose_name="resident ID number (encrypted)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="person",
            name="id_number_hash",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="resident ID number (keyed hash)"),
        ),
        migrations.AlterField(
            model_name="person",
            name="id_number",
            field=models.CharField(max_length=18, null=True, verbose_name="resident ID number"),
        ),
        migrations.RunPython(seal_numbers, unseal_numbers),
        migrations.RemoveField(model_name="person", name="id_number"),
        migrations.AlterField(
            model_name="person",
            name="id_number_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="resident ID number (keyed hash)"
            ),
        ),
    ]
