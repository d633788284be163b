"""Pictures in an S3-compatible object store, as several app servers share them: tested
against moto's standalone S3 server, started on 127.0.0.1, over real HTTP."""

import json
import socket
import urllib.error
import urllib.request

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.commands import run_python
from tests.factories import make_article
from tests.pictures import fresh_picture_bytes, make_image

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-pictures"
KEYS = {"NEWSROOM_S3_ACCESS_KEY_ID": "testing", "NEWSROOM_S3_SECRET_ACCESS_KEY": "testing"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 (moto's)
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


def settings_from_environment(**env):
    """STORAGES and the picture origin of the CSP as settings.py makes them from `env`."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'storages': settings.STORAGES, "
        "'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}, default=str))"
    )
    result = run_python(code, DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def object_store(settings, s3_endpoint):
    endpoint, client = s3_endpoint
    made = settings_from_environment(
        NEWSROOM_S3_BUCKET=BUCKET,
        NEWSROOM_S3_ENDPOINT_URL=endpoint,
        NEWSROOM_S3_REGION="us-east-1",
        **KEYS,
    )
    settings.STORAGES = {**made["storages"], "staticfiles": settings.STORAGES["staticfiles"]}
    return endpoint, client


def test_without_a_bucket_pictures_stay_on_the_file_system():
    made = settings_from_environment()
    assert made["storages"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert made["storages"]["originals"]["BACKEND"].endswith("FileSystemStorage")


def test_a_bucket_in_the_environment_puts_pictures_in_the_object_store(s3_endpoint):
    endpoint, _client = s3_endpoint
    made = settings_from_environment(
        NEWSROOM_S3_BUCKET=BUCKET, NEWSROOM_S3_PUBLIC_URL="https://pictures.example.org", **KEYS
    )
    assert made["storages"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert made["storages"]["originals"]["OPTIONS"]["location"] == "originals"
    assert "https://pictures.example.org" in made["img_src"]


def test_uploads_go_to_the_object_store_and_readers_fetch_renditions_from_it(client, object_store):
    endpoint, s3 = object_store
    image = make_image(fresh_picture_bytes(size=(1400, 900)))
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert f"originals/{image.file.name}" in keys
    rendition = image.rendition("wide", "webp")[1]
    assert rendition in keys
    head = s3.head_object(Bucket=BUCKET, Key=rendition)
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    assert head["ContentType"] == "image/webp"

    article = make_article(lead_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    address = f"{endpoint}/{BUCKET}/{rendition}"
    assert address in html
    with urllib.request.urlopen(address) as response:  # noqa: S310 (our test server)
        assert response.status == 200
        assert response.read()[:4] == b"RIFF"  # a WebP file


def test_the_original_in_the_object_store_is_private(object_store):
    endpoint, s3 = object_store
    image = make_image(fresh_picture_bytes())
    address = f"{endpoint}/{BUCKET}/originals/{image.file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(address)  # noqa: S310 (our test server)
    assert refused.value.code == 403
    assert s3.get_object(Bucket=BUCKET, Key=f"originals/{image.file.name}")["Body"].read()


def test_expired_renditions_are_removed_from_the_object_store(object_store):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    _endpoint, s3 = object_store
    image = make_image(fresh_picture_bytes())
    rendition = image.rendition("wide", "jpeg")[1]
    image.rights_expire_at = timezone.now() - timedelta(minutes=1)
    image.save()
    call_command("make_renditions", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert rendition not in keys
