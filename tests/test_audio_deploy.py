"""The audio on AWS: the template's private bucket behind CloudFront, the AUDIO_PLAYER interface
in skill.json, and `audio upload` against moto's S3 server on loopback."""
from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import boto3
import pytest

from skill.__main__ import main
from skill.audio.build import build
from skill.audio.engines import EspeakEngine
from skill.audio.manifest import Manifest
from skill.audio.upload import upload
from skill.model_build import manifest
from test_deploy import template

BASE = "https://d111111abcdef8.cloudfront.net/audio"


def test_audio_bucket_is_private_and_read_only_through_the_distribution() -> None:
    resources = template()["Resources"]
    bucket = resources["AudioBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    origin, = resources["AudioDistribution"]["Properties"]["DistributionConfig"]["Origins"]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["AudioOriginAccessControl", "Id"]}
    behaviour = resources["AudioDistribution"]["Properties"]["DistributionConfig"][
        "DefaultCacheBehavior"]
    assert behaviour["ViewerProtocolPolicy"] == "https-only"
    statement, = resources["AudioBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert statement["Action"] == "s3:GetObject"
    assert "AWS:SourceArn" in statement["Condition"]["StringEquals"]
    outputs = template()["Outputs"]
    assert {"AudioBucketName", "AudioBaseUrl", "PodcastFeedUrl"} <= set(outputs)


def test_skill_json_declares_the_audio_player() -> None:
    interfaces = manifest()["manifest"]["apis"]["custom"]["interfaces"]
    assert {"type": "AUDIO_PLAYER"} in interfaces


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")
def test_upload_sends_parts_and_feeds_once(dynamodb_server: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture) -> None:
    # moto's server answers every service at one endpoint: its S3 stands in for the bucket.
    build(["en-US"], EspeakEngine(), tmp_path, progress=io.StringIO(), only=["p00-welcome"])
    s3 = boto3.client("s3", endpoint_url=dynamodb_server, region_name="us-east-1")
    s3.create_bucket(Bucket="painchats-audio")
    report = upload(tmp_path, ["en-US", "en-GB"], "painchats-audio", BASE, s3=s3,
                    progress=io.StringIO())
    assert report.sent == ["audio/en-US/p00-welcome.mp3", "podcast/en-US.xml"]
    assert s3.head_object(Bucket="painchats-audio", Key="audio/en-US/manifest.json")["ContentLength"]
    head = s3.head_object(Bucket="painchats-audio", Key="audio/en-US/p00-welcome.mp3")
    assert head["ContentType"] == "audio/mpeg"
    assert head["ContentLength"] == (tmp_path / "en-US" / "p00-welcome.mp3").stat().st_size
    feed = s3.get_object(Bucket="painchats-audio", Key="podcast/en-US.xml")
    assert feed["ContentType"] == "application/rss+xml"
    rss = ET.fromstring(feed["Body"].read())
    assert rss.find("channel/item/enclosure").get("url") == f"{BASE}/en-US/p00-welcome.mp3"

    # Unchanged parts are not sent again; the feed always is (it is small).
    assert main(["audio", "upload", "--bucket", "painchats-audio", "--base-url", BASE,
                 "--endpoint-url", dynamodb_server, "--region", "us-east-1",
                 "--audio", str(tmp_path), "--locale", "en-US"]) == 0
    assert "1 file(s) sent, 1 unchanged" in capsys.readouterr().err
    entry = Manifest.load(tmp_path, "en-US").get("p00-welcome")
    assert s3.head_object(Bucket="painchats-audio", Key="audio/en-US/p00-welcome.mp3")[
        "Metadata"]["text-hash"] == entry.text_hash
