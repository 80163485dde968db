"""``/gezond/``: 200 when the database, the file storage and the channel layer answer,
503 otherwise."""

import json

from django.urls import reverse


def test_healthy_when_the_database_and_the_storage_answer(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # missing: made as the first upload would
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "database": "ok",
        "storage": "ok",
        "channel_layer": "ok",
    }
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


def test_unhealthy_when_the_channel_layer_cannot_be_reached(client, db, settings, caplog):
    """Co-editing between processes needs Redis: a load balancer and a monitor see it
    when it is gone (the cause goes to the log, not to the caller)."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},  # nothing listens there
        }
    }
    channel_layers.backends.clear()
    try:
        response = client.get(reverse("health"))
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    found = json.loads(response.content)
    assert found["channel_layer"] == "fail" and found["database"] == "ok"
    assert "127.0.0.1:1" not in response.content.decode()
    assert "Health check channel_layer failed" in caplog.text


def test_without_coediting_the_channel_layer_is_not_asked(client, db, settings):
    settings.COEDIT_ENABLED = False
    assert json.loads(client.get(reverse("health")).content)["channel_layer"] == "ok"
