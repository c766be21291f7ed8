"""python -m skill chat | serve | model | eval | notes | audio  (see README.md)."""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .config import Config, ConfigError
from .content import DEFAULT_LOCALE, LOCALES
from .local.envelopes import Caller

LOCAL_USER = Caller.user_id  # who "make run" is, so its notes can be exported


def _chat(args: argparse.Namespace, config: Config) -> int:
    from .local.chat import Conversation, run_interactive, run_script
    from .core import build_skill
    from .local.envelopes import Caller
    from .local.nlu import Resolver

    caller = Caller(locale=args.locale, user_id=args.user, person_id=args.person)
    # Alexa reads "yesterday" on the person's calendar: here, the configured zone's.
    today = datetime.now(ZoneInfo(config.timezone)).date()
    conversation = Conversation(build_skill(config), Resolver.for_locale(args.locale, today=today),
                                caller)
    if args.say:
        run_script(conversation, args.say, sys.stdout, as_json=args.json)
    elif sys.stdin.isatty() or args.interactive:
        run_interactive(conversation, as_json=args.json)
    else:  # piped input: one turn per line
        run_script(conversation, [line.strip() for line in sys.stdin if line.strip()], sys.stdout,
                   as_json=args.json)
    return 0


def _serve(args: argparse.Namespace, config: Config) -> int:
    from .core import build_skill
    from .store import open_store
    from .web import serve
    store = open_store(config)  # the skill's store, also asked by /health
    try:
        serve(build_skill(config, store), host=args.host, port=args.port,
              verify=not args.no_verify, config=config, store=store)
    except ValueError as refused:  # --no-verify on a host others can reach
        print(f"error: {refused}", file=sys.stderr)
        return 2
    return 0


def _model(args: argparse.Namespace, config: Config) -> int:
    from . import model_build
    if args.action == "build":
        try:
            written = model_build.build(args.endpoint, args.ssl_certificate_type, args.out)
        except ValueError as refused:
            print(f"error: {refused}", file=sys.stderr)
            return 2
        if args.out is None:  # the crisis reader is trained on the committed model
            from . import crisis_training
            written += crisis_training.build()
        for path in written:
            print(f"wrote {path}")
        return 0
    if args.endpoint or args.out or args.ssl_certificate_type:
        print("error: check compares the committed package; --endpoint and --out are for build",
              file=sys.stderr)
        return 2
    from . import crisis_training
    stale = model_build.stale() + crisis_training.stale()
    for path in stale:
        print(f"out of date: {path.relative_to(model_build.PACKAGE.parent)} "
              "(run: python -m skill model build)", file=sys.stderr)
    return 1 if stale else 0


def _notes(args: argparse.Namespace, config: Config) -> int:
    from .content import load_content
    from .notes_export import render_notes
    from .store import Owner, open_store

    with open_store(config) as store:
        owner = Owner(args.user, args.person or "")
        if args.action == "export":
            titles = {q.number: q.title for q in load_content(args.locale).questions}
            sys.stdout.write(render_notes(store.all_notes(owner), args.format, titles,
                                          tz=args.timezone or config.timezone))
            return 0
        # --everyone: every person's notes on the account, as when the skill is disabled.
        deleted = store.delete_account(args.user) if args.everyone else store.delete_person(owner)
        print(f"deleted {deleted} note(s)", file=sys.stderr)
        return 0


def model_build_ssl_types() -> tuple[str, ...]:
    from .model_build import SSL_CERTIFICATE_TYPES
    return SSL_CERTIFICATE_TYPES


def _eval(args: argparse.Namespace, config: Config) -> int:
    from pathlib import Path
    from .local import evaluate
    paths = [Path(p) for p in args.corpus] if args.corpus else evaluate.corpus_files()
    if not paths:
        print(f"no corpus files in {evaluate.CORPUS_DIR}", file=sys.stderr)
        return 1
    if args.export:
        for path in evaluate.export_annotations(paths, Path(args.export)):
            print(f"wrote {path}")
        return 0
    evaluate.print_report(evaluate.evaluate(paths), sys.stdout)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m skill", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="talk to the skill in the terminal")
    chat.add_argument("--say", action="append", help="one turn; repeat for more turns")
    chat.add_argument("--json", action="store_true", help="print full response envelopes")
    chat.add_argument("--locale", default=DEFAULT_LOCALE, choices=LOCALES)
    chat.add_argument("--user", default=LOCAL_USER,
                      help=f"Alexa user id (default {LOCAL_USER}, also for notes export)")
    chat.add_argument("--person", default=None, help="a recognised voice's person id")
    chat.add_argument("--interactive", action="store_true", help=argparse.SUPPRESS)
    chat.set_defaults(run=_chat)

    serve = commands.add_parser("serve", help="the HTTP endpoint for Alexa")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-verify", action="store_true",
                       help="skip signature checks (loopback hosts only, for local testing)")
    serve.set_defaults(run=_serve)

    model = commands.add_parser("model", help="generate or check interaction_model/")
    model.add_argument("action", choices=("build", "check"))
    model.add_argument("--endpoint", help="build: where Alexa sends requests and events, an "
                                          "https:// URL (self-hosted) or a Lambda function ARN "
                                          "(default: endpoint_arn in dialog.toml)")
    model.add_argument("--ssl-certificate-type", choices=model_build_ssl_types(),
                       help="build, with an https endpoint: the kind of certificate it serves "
                            "(default Trusted)")
    model.add_argument("--out", type=Path, help="build: write the package here instead of "
                                                "interaction_model/")
    model.set_defaults(run=_model)

    evaluation = commands.add_parser(
        "eval", help="understanding measured on the corpora in tests/evaluation/, misses listed")
    evaluation.add_argument("corpus", nargs="*", help="corpus files (default: every *.yaml in "
                                                      "tests/evaluation/)")
    evaluation.add_argument("--export", metavar="DIR",
                            help="write Alexa NLU annotation sets (JSON) instead, one per "
                                 "corpus file and locale")
    evaluation.set_defaults(run=_eval)

    notes = commands.add_parser("notes", help="export or delete a person's notes")
    notes.add_argument("action", choices=("export", "delete"))
    notes.add_argument("--user", required=True, help="the Alexa user id (amzn1.ask.account...)")
    whose = notes.add_mutually_exclusive_group()
    whose.add_argument("--person", help="a recognised voice's person id (default: the notes of "
                                        "voices Alexa did not recognise)")
    whose.add_argument("--everyone", action="store_true",
                       help="delete: every person's notes on the account")
    notes.add_argument("--format", default="md", choices=("md", "csv", "json"))
    notes.add_argument("--locale", default=DEFAULT_LOCALE, choices=LOCALES)
    notes.add_argument("--timezone", help="export: show times in this zone, e.g. Europe/London "
                                          "(default PAINCHATS_TIMEZONE, else UTC)")
    notes.set_defaults(run=_notes)

    from .audio.cli import add_parser as add_audio_parser
    add_audio_parser(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # The server logs one line per request (type and outcome, never what was said).
    logging.basicConfig(level=logging.INFO if args.command == "serve" else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        config = Config.from_env()
    except ConfigError as wrong:  # one line that names the variable, before anything starts
        print(f"error: {wrong}", file=sys.stderr)
        return 2
    return args.run(args, config)


if __name__ == "__main__":
    sys.exit(main())
