"""``/gezond/``: 200 when the database and the file storage answer, 503 otherwise."""

import json

from django.urls import reverse


def test_healthy_when_the_database_and_the_storage_answer(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # missing: made as the first upload would
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_unhealthy_when_the_storage_cannot_be_written(client, db, settings, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked / "media")},
        }
    }
    response = client.get(reverse("health"))  # Django reads STORAGES again on the change
    assert response.status_code == 503
    found = json.loads(response.content)
    assert found["database"] == "ok" and found["storage"] != "ok"
