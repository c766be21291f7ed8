"""`python -m skill audio upload` (make audio-upload): copies a build and its podcast feeds to the
S3 bucket that template.yaml creates, where CloudFront serves them over HTTPS.

Keys: audio/<locale>/<part>.mp3 and podcast/<locale>.xml, so the audio base URL is
https://<distribution>/audio and the feeds are at https://<distribution>/podcast/<locale>.xml.
A part already in the bucket with the same text hash and size is not sent again."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .feed import render_feed
from .manifest import Manifest

AUDIO_CACHE = "public, max-age=86400"  # a part's words change only with a new build
FEED_CACHE = "public, max-age=300"  # podcast apps poll the feed


@dataclass
class UploadReport:
    sent: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def stack_outputs(stack: str, region: str | None = None) -> dict[str, str]:
    import boto3
    described = boto3.client("cloudformation", region_name=region).describe_stacks(StackName=stack)
    return {o["OutputKey"]: o["OutputValue"] for o in described["Stacks"][0].get("Outputs", [])}


def upload(audio_dir: Path, locales: list[str], bucket: str, base_url: str, s3=None,
           progress: TextIO | None = None) -> UploadReport:
    if s3 is None:
        import boto3
        s3 = boto3.client("s3")
    from botocore.exceptions import ClientError

    out = progress or sys.stderr
    report = UploadReport()
    site = base_url.rstrip("/").removesuffix("/audio")
    for locale in locales:
        manifest = Manifest.load(audio_dir, locale)
        if not manifest.parts:
            print(f"skipped {locale}: nothing built", file=out)
            continue
        for part in manifest.parts:
            key = f"audio/{locale}/{part.file}"
            try:
                head = s3.head_object(Bucket=bucket, Key=key)
                same = (head["ContentLength"] == part.bytes
                        and head.get("Metadata", {}).get("text-hash") == part.text_hash
                        and head.get("Metadata", {}).get("engine") == part.engine)
            except ClientError:
                same = False
            if same:
                report.unchanged.append(key)
                continue
            s3.upload_file(str(Path(audio_dir) / locale / part.file), bucket, key, ExtraArgs={
                "ContentType": "audio/mpeg", "CacheControl": AUDIO_CACHE,
                "Metadata": {"text-hash": part.text_hash, "engine": part.engine}})
            report.sent.append(key)
            print(f"sent {key}", file=out)
        # The player on Lambda reads the manifest from here (its package carries no audio).
        s3.upload_file(str(Manifest.path(audio_dir, locale)), bucket, f"audio/{locale}/manifest.json",
                       ExtraArgs={"ContentType": "application/json", "CacheControl": FEED_CACHE})
        key = f"podcast/{locale}.xml"
        feed = render_feed(manifest, base_url, f"{site}/{key}")
        s3.put_object(Bucket=bucket, Key=key, Body=feed.encode("utf-8"),
                      ContentType="application/rss+xml", CacheControl=FEED_CACHE)
        report.sent.append(key)
        print(f"sent {key}: {site}/{key}", file=out)
    return report
