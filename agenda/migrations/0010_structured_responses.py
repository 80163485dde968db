"""Structured constituency responses (a verdict, "no response" with a reason) and the
chapters a board's rejection objects to."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0009_pdf_document_size"),
        ("teams", "0002_seed_teams"),
    ]

    operations = [
        migrations.AddField(
            model_name="partnerresponse",
            name="verdict",
            # Earlier responses were free text: read as "agreed with remarks".
            field=models.CharField(
                choices=[
                    ("agree", "Agreed"),
                    ("agree_with_remarks", "Agreed with remarks"),
                    ("objection", "Objection"),
                    ("no_response", "No response"),
                ],
                default="agree_with_remarks",
                max_length=20,
                verbose_name="verdict",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="partnerresponse",
            name="text",
            field=models.TextField(blank=True, verbose_name="response of the constituency"),
        ),
        migrations.AddField(
            model_name="partnerdecision",
            name="teams",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to="teams.team",
                verbose_name="chapters objected to",
            ),
        ),
    ]
