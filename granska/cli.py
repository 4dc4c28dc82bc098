"""The command line: `granska` starts the app; subcommands work without a terminal UI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from granska import __version__


def _common(default: object) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--workspace",
        type=Path,
        metavar="DIR",
        default=default,
        help="folder of audit files (default: $GRANSKA_HOME or the user data folder)",
    )
    common.add_argument(
        "--checklists",
        type=Path,
        action="append",
        metavar="DIR",
        default=default,
        help="also offer the templates in DIR",
    )
    return common


def _parser() -> argparse.ArgumentParser:
    # Options may come before or after the subcommand; the subcommand's copy must
    # not reset what was given before it, hence SUPPRESS there.
    common = _common(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="granska",
        parents=[_common(None)],
        description="Granska: audit questions, observations, assessments and the Word report.",
    )
    parser.add_argument("--version", action="version", version=f"granska {__version__}")
    parser.add_argument("--lang", choices=["sv", "en"], help="interface language (default sv)")
    parser.add_argument(
        "--no-demo", action="store_true", help="do not create the demo audit in an empty workspace"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("export", parents=[common], help="write an audit's Word report")
    p.add_argument("audit", help="audit file, file name or id (or the start of one)")
    p.add_argument("--out", "-o", type=Path, required=True, help="the .docx file to write")
    p.add_argument("--style", type=Path, help="a .docx whose styles the report uses")

    sub.add_parser("list", parents=[common], help="list the audits of the workspace")

    m = sub.add_parser("merge", parents=[common], help="merge a colleague's copy into an audit")
    m.add_argument("mine", help="my audit: file, file name or id (or the start of one)")
    m.add_argument("theirs", type=Path, help="the colleague's copy of the same audit (a file)")

    ck = sub.add_parser("checklists", help="list or validate checklist templates")
    cksub = ck.add_subparsers(dest="checklists_command", metavar="ACTION", required=True)
    cksub.add_parser("list", parents=[common], help="the templates on offer")
    v = cksub.add_parser("validate", parents=[common], help="check template files")
    v.add_argument("files", nargs="+", type=Path)
    sc = cksub.add_parser("schema", help="write the JSON Schema of the template language")
    sc.add_argument("--out", "-o", type=Path, help="a file to write (default: standard output)")
    return parser


def _workspace(args: argparse.Namespace) -> Path:
    from store import default_workspace

    return (args.workspace or default_workspace()).expanduser()


def _fail(message: str, code: int = 1) -> int:
    print(f"granska: {message}", file=sys.stderr)
    return code


def cmd_export(args: argparse.Namespace) -> int:
    """granska export AUDIT --out FILE"""
    from report import ExportError, export_report
    from store import StoreError, find_audit, open_audit

    try:
        path = find_audit(_workspace(args), args.audit)
        audit = open_audit(path, read_only=True)
        out = export_report(audit, args.out, style_source=args.style)
    except (StoreError, ExportError) as exc:
        return _fail(str(exc))
    print(out)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """granska merge MINE THEIRS"""
    from store import StoreError, find_audit, open_audit
    from store.merge import merge_into, read_copy

    try:
        path = find_audit(_workspace(args), args.mine)
        if args.theirs.resolve() == path.resolve():
            return _fail(f"{args.theirs}: that is the same file as {path.name}")
        theirs = read_copy(args.theirs)
        audit = open_audit(path)
    except StoreError as exc:
        return _fail(str(exc))
    try:
        result = merge_into(audit, theirs)
    except StoreError as exc:
        return _fail(str(exc))
    finally:
        audit.close()
    print(f"{path.name}: {result.summary()}")
    if result.conflicts:
        print("open the audit in granska to resolve the conflicts (key k)")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """granska list"""
    from store import list_audits

    folder = _workspace(args)
    audits = list_audits(folder) if folder.is_dir() else []
    if not audits:
        print(f"no audits in {folder}")
        return 0
    for s in audits:
        if s.error:
            print(f"{Path(s.path).name}\t{s.error}")
            continue
        print(
            f"{s.id[:8]}\t{s.title}\t{s.municipality}\t{s.committee}\t"
            f"{s.assessed}/{s.questions} assessed\t{s.updated[:16].replace('T', ' ')}"
        )
    return 0


def cmd_checklists(args: argparse.Namespace) -> int:
    """granska checklists list|validate"""
    from checklists import ChecklistError, load_template
    from checklists.library import load_library

    if args.checklists_command == "schema":
        from checklists.schema import schema_text

        if args.out is None:
            sys.stdout.write(schema_text())
            return 0
        try:
            args.out.write_text(schema_text(), encoding="utf-8")
        except OSError as exc:
            return _fail(f"{args.out}: cannot write ({exc.strerror})")
        print(args.out)
        return 0
    if args.checklists_command == "list":
        library = load_library(args.checklists)
        for t in library.offered():
            print(f"{t.id}\t{t.version}\t{t.title}\t{t.kind}\t{t.source}")
        for problem in library.problems:
            print(problem, file=sys.stderr)
        return 1 if library.problems else 0
    status = 0
    for path in args.files:
        try:
            load_template(path)
            print(f"{path}: ok")
        except ChecklistError as exc:
            status = 1
            for problem in exc.problems:
                print(problem)
    return status


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `granska` command."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "export":
            return cmd_export(args)
        if args.command == "list":
            return cmd_list(args)
        if args.command == "merge":
            return cmd_merge(args)
        if args.command == "checklists":
            return cmd_checklists(args)
        return run_app(args)
    except KeyboardInterrupt:
        return 130


def run_app(args: argparse.Namespace) -> int:
    """Start the terminal UI on the workspace."""
    from store import StoreError, ensure_workspace

    folder = _workspace(args)
    try:
        ensure_workspace(folder)
        if not args.no_demo:
            from granska.demo import ensure_demo

            ensure_demo(folder)
    except StoreError as exc:
        return _fail(str(exc))
    from tui.app import make_app

    try:
        app = make_app(folder, language=args.lang, checklist_dirs=args.checklists)
    except StoreError as exc:
        return _fail(str(exc))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
