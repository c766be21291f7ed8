"""`python -m skill audio build | feed | check` (see README.md, "Listening: the audio series")."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content import LOCALES
from . import DEFAULT_AUDIO_DIR


def _build(args: argparse.Namespace, config) -> int:
    from .build import build
    from .engines import EngineUnavailable, engine_named

    out = Path(args.out) if args.out else config.audio_dir
    try:
        report = build(args.locale or list(LOCALES), engine_named(args.engine), out,
                       workers=args.workers, only=args.part)
    except EngineUnavailable as why:
        print(f"error: {why}", file=sys.stderr)
        return 2
    print(f"{len(report.rendered)} part(s) rendered, {len(report.unchanged)} unchanged, "
          f"{len(report.failed)} failed, in {out}", file=sys.stderr)
    for name, why in report.failed:
        print(f"failed: {name}: {why}", file=sys.stderr)
    return 1 if report.failed else 0


def _feed(args: argparse.Namespace, config) -> int:
    from .feed import render_feed
    from .manifest import Manifest

    audio_dir = Path(args.audio) if args.audio else config.audio_dir
    base = args.base_url or config.audio_base_url
    if not base or not base.startswith("https://"):
        print("error: give --base-url https://... or set PAINCHATS_AUDIO_BASE_URL",
              file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for locale in args.locale or list(LOCALES):
        manifest = Manifest.load(audio_dir, locale)
        if not manifest.parts:
            print(f"skipped {locale}: nothing built (python -m skill audio build)", file=sys.stderr)
            continue
        feed_url = f"{args.feed_base_url.rstrip('/')}/{locale}.xml" if args.feed_base_url else None
        path = out / f"{locale}.xml"
        path.write_text(render_feed(manifest, base, feed_url), "utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _check(args: argparse.Namespace, config) -> int:
    from .build import verify

    audio_dir = Path(args.audio) if args.audio else config.audio_dir
    problems = [p for locale in args.locale or list(LOCALES) for p in verify(audio_dir, locale)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _upload(args: argparse.Namespace, config) -> int:
    from .upload import stack_outputs, upload

    bucket, base = args.bucket, args.base_url
    if args.stack:
        outputs = stack_outputs(args.stack, args.region)
        bucket, base = bucket or outputs["AudioBucketName"], base or outputs["AudioBaseUrl"]
    if not bucket or not base:
        print("error: give --stack NAME, or --bucket and --base-url", file=sys.stderr)
        return 2
    s3 = None
    if args.endpoint_url:  # an S3-compatible server, e.g. for tests
        import boto3
        s3 = boto3.client("s3", endpoint_url=args.endpoint_url, region_name=args.region)
    audio_dir = Path(args.audio) if args.audio else config.audio_dir
    report = upload(audio_dir, args.locale or list(LOCALES), bucket, base, s3=s3)
    print(f"{len(report.sent)} file(s) sent, {len(report.unchanged)} unchanged", file=sys.stderr)
    return 0


def add_parser(commands) -> None:
    audio = commands.add_parser("audio", help="build and publish the narrated audio series")
    actions = audio.add_subparsers(dest="action", required=True)
    build = actions.add_parser("build", help="render the series per locale into audio/")
    build.add_argument("--locale", action="append", choices=LOCALES,
                       help="one locale; repeat for more (default: all)")
    build.add_argument("--engine", default="gtts", choices=("gtts", "espeak"),
                       help="gtts (Google's host, the default) or espeak (offline, espeak-ng)")
    build.add_argument("--out", help=f"output folder (default PAINCHATS_AUDIO_DIR or "
                                     f"{DEFAULT_AUDIO_DIR.name}/)")
    build.add_argument("--workers", type=int, default=3, help="parts rendered at once")
    build.add_argument("--part", action="append", help="only this part id (e.g. p00-welcome); "
                                                       "repeat for more")
    build.set_defaults(run=_build)

    feed = actions.add_parser("feed", help="write the podcast feeds (<locale>.xml)")
    feed.add_argument("--out", required=True, help="folder for the feeds")
    feed.add_argument("--audio", help="the built audio folder (default PAINCHATS_AUDIO_DIR)")
    feed.add_argument("--base-url", help="where the files are served (default "
                                         "PAINCHATS_AUDIO_BASE_URL)")
    feed.add_argument("--feed-base-url", help="where the feeds themselves are served")
    feed.add_argument("--locale", action="append", choices=LOCALES)
    feed.set_defaults(run=_feed)

    upload = actions.add_parser("upload", help="copy a build and its feeds to the S3 bucket")
    upload.add_argument("--stack", help="the SAM stack: its outputs name the bucket and URL")
    upload.add_argument("--bucket", help="the bucket (instead of --stack)")
    upload.add_argument("--base-url", help="https://<distribution>/audio (instead of --stack)")
    upload.add_argument("--region", default=None)
    upload.add_argument("--endpoint-url", help=argparse.SUPPRESS)
    upload.add_argument("--audio", help="the built audio folder (default PAINCHATS_AUDIO_DIR)")
    upload.add_argument("--locale", action="append", choices=LOCALES)
    upload.set_defaults(run=_upload)

    check = actions.add_parser("check", help="check every built file is what Alexa accepts")
    check.add_argument("--audio", help="the built audio folder (default PAINCHATS_AUDIO_DIR)")
    check.add_argument("--locale", action="append", choices=LOCALES)
    check.set_defaults(run=_check)
