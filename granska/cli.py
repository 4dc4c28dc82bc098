"""The command line: `granska` starts the app; subcommands work without a terminal UI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

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
    p.add_argument("--out", "-o", required=True, help="the .docx file to write")
    p.add_argument(
        "--kind",
        choices=["report", "factcheck"],
        default="report",
        help="the report (default), or the observations for fact check (sakgranskning)",
    )
    p.add_argument(
        "--source",
        metavar="ID|ROLE",
        help="factcheck: only the observations citing this interviewee (id, role or title)",
    )
    p.add_argument(
        "--mark-sent",
        action="store_true",
        help="factcheck: record the observations in the file as sent today",
    )
    p.add_argument("--template", type=Path, help="a Word template (.docx/.dotx) to fill in")
    p.add_argument("--style", type=Path, help="a Word file whose styles the report uses")
    p.add_argument("--pdf", action="store_true", help="also write a PDF (needs LibreOffice)")
    p.add_argument("--final", action="store_true", help="refuse unless every question is assessed")
    p.add_argument("--mode", help="file mode of the report (default 0600: owner only)")
    p.add_argument(
        "--report-date",
        metavar="YYYY-MM-DD",
        help="the date the report carries; kept in the audit for later exports",
    )

    rt = sub.add_parser("report-template", help="write the bundled Word template to edit")
    rt.add_argument("--out", "-o", required=True, help="the .docx file to write")
    rt.add_argument("--mode", help="file mode (default 0600)")

    sub.add_parser("list", parents=[common], help="list the audits of the workspace")

    m = sub.add_parser("merge", parents=[common], help="merge a colleague's copy into an audit")
    m.add_argument("mine", help="my audit: file, file name or id (or the start of one)")
    m.add_argument("theirs", type=Path, help="the colleague's copy of the same audit (a file)")

    at = sub.add_parser(
        "attach", parents=[common], help="attach a file (a PDF, a spreadsheet) to a document source"
    )
    at.add_argument("audit", help="the audit: file, file name or id (or the start of one)")
    at.add_argument("source", help="the document: its title, or its id (or 8+ characters of it)")
    at.add_argument("file", type=Path, help="the file, copied into the audit's evidence folder")

    k = sub.add_parser("keys", parents=[common], help="list the keys and their ids, to remap")
    k.add_argument("--check", action="store_true", help="only check the keys files")
    se = sub.add_parser("search", parents=[common], help="search an audit's texts")
    se.add_argument("audit", help="audit file, file name or id (or the start of one)")
    se.add_argument("query", nargs="+", help="words to find (all of them, in any order)")
    se.add_argument("--limit", type=int, default=50, help="at most this many results (50)")
    rv = sub.add_parser("review", parents=[common], help="what is left to review in an audit")
    rv.add_argument("audit", help="audit file, file name or id (or the start of one)")

    ck = sub.add_parser("checklists", help="list or validate checklist templates")
    cksub = ck.add_subparsers(dest="checklists_command", metavar="ACTION", required=True)
    cksub.add_parser("list", parents=[common], help="the templates on offer")
    v = cksub.add_parser("validate", parents=[common], help="check template files")
    v.add_argument("files", nargs="+", type=Path)
    sh = cksub.add_parser("show", parents=[common], help="the outline of a template")
    sh.add_argument("template", help="a template id on offer, or a template file")
    sc = cksub.add_parser("schema", help="write the JSON Schema of the template language")
    sc.add_argument("--out", "-o", type=Path, help="a file to write (default: standard output)")
    return parser


def _workspace(args: argparse.Namespace) -> Path:
    from store import default_workspace

    return (args.workspace or default_workspace()).expanduser()


def _say(*fields: object, file: TextIO | None = None) -> None:
    """Print one line: fields from files (titles, names, errors quoting them) are shown,
    never executed, so each is made safe for the terminal and the fields joined by tabs."""
    from tui.safe_text import shown

    print("\t".join(shown(f) for f in fields), file=file or sys.stdout)


def _fail(message: object, code: int = 1) -> int:
    from tui.safe_text import shown

    print(f"granska: {shown(message, multiline=True)}", file=sys.stderr)
    return code


def _progress_printer() -> Callable[[float, str], None] | None:
    """A progress callback that draws a percentage on a terminal's stderr."""
    if not sys.stderr.isatty():
        return None
    shown = [-1]

    def progress(fraction: float, step: str) -> None:
        percent = int(fraction * 100)
        if percent != shown[0]:
            shown[0] = percent
            end = "\n" if percent >= 100 else ""
            print(f"\rexporting… {percent:3d}%", end=end, file=sys.stderr, flush=True)

    return progress


def _check_date(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValueError(f"--report-date {text!r}: give a date as YYYY-MM-DD") from None


def cmd_export(args: argparse.Namespace) -> int:
    """granska export AUDIT --out FILE [--template F] [--pdf] [--final] [--mode M]"""
    from report import ExportError, NotFinal, export_report
    from report.files import parse_mode
    from report.settings import load_settings
    from store import StoreError, find_audit, open_audit

    if args.kind == "factcheck":
        return _export_factcheck(args)
    if args.source or args.mark_sent:
        return _fail("--source and --mark-sent go with --kind factcheck")
    audit = None
    try:
        workspace = _workspace(args)
        settings = load_settings(workspace)
        mode = parse_mode(args.mode) if args.mode else settings.mode
        path = find_audit(workspace, args.audit)
        if args.report_date:
            report_date = _check_date(args.report_date)
            audit = open_audit(path)
            audit.update_meta(report_date=report_date)
        else:
            audit = open_audit(path, read_only=True)
        template = args.template or (None if args.style else settings.template)
        style = args.style or (None if args.template else settings.style)
        result = export_report(
            audit,
            args.out,
            template=template,
            style_source=style,
            progress=_progress_printer(),
            mode=mode,
            final=args.final,
            pdf=args.pdf,
        )
    except NotFinal as exc:
        print("granska: the report is not final; unfinished:", file=sys.stderr)
        for line in exc.blockers:
            print(f"  {line}", file=sys.stderr)
        return 1
    except (StoreError, ExportError, ValueError) as exc:
        return _fail(str(exc))
    finally:
        if audit is not None:
            audit.close()
    for note in result.notes:
        print(f"granska: note: {note}", file=sys.stderr)
    if result.unfinished:
        print("granska: draft: the report is marked Utkast; unfinished:", file=sys.stderr)
        for line in result.unfinished:
            print(f"  {line}", file=sys.stderr)
    print(result.path)
    if result.pdf:
        print(result.pdf)
    return 0


def _export_factcheck(args: argparse.Namespace) -> int:
    """granska export AUDIT --kind factcheck [--source ID|ROLE] [--mark-sent] --out FILE"""
    from report import ExportError
    from report.factcheck import export_factcheck
    from report.files import parse_mode
    from report.settings import load_settings
    from store import StoreError, find_audit, open_audit
    from store.factcheck import find_sources

    for given, name in ((args.template, "--template"), (args.style, "--style")):
        if given:
            return _fail(f"{name} goes with the report, not with --kind factcheck")
    if args.final or args.report_date:
        return _fail("--final and --report-date go with the report, not with --kind factcheck")
    audit = None
    try:
        workspace = _workspace(args)
        mode = parse_mode(args.mode) if args.mode else load_settings(workspace).mode
        audit = open_audit(find_audit(workspace, args.audit), read_only=not args.mark_sent)
        sources = find_sources(audit, args.source) if args.source else None
        result = export_factcheck(
            audit,
            args.out,
            sources=sources,
            mark_sent=args.mark_sent,
            mode=mode,
            progress=_progress_printer(),
        )
        pdf = None
        if args.pdf:
            from report.pdf import convert_to_pdf

            pdf = convert_to_pdf(result.path, mode=mode)
    except (StoreError, ExportError, ValueError) as exc:
        return _fail(str(exc))
    finally:
        if audit is not None:
            audit.close()
    count = len(result.observation_ids)
    print(f"granska: {count} observation(s) for fact check", file=sys.stderr)
    if args.mark_sent:
        print(f"granska: {result.marked_sent} marked as sent", file=sys.stderr)
    print(result.path)
    if pdf:
        print(pdf)
    return 0


def cmd_report_template(args: argparse.Namespace) -> int:
    """granska report-template --out FILE"""
    from report import DEFAULT_TEMPLATE, ExportError
    from report.files import check_destination, output_path, parse_mode, write_file

    try:
        out = output_path(args.out)
        check_destination(out)
        write_file(out, DEFAULT_TEMPLATE.read_bytes(), parse_mode(args.mode))
    except ExportError as exc:
        return _fail(str(exc))
    _say(out)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """granska merge MINE THEIRS"""
    from store import StoreError, find_audit, open_audit

    try:
        path = find_audit(_workspace(args), args.mine)
        if args.theirs.resolve() == path.resolve():
            return _fail(f"{args.theirs}: that is the same file as {path.name}")
        audit = open_audit(path)
    except StoreError as exc:
        return _fail(str(exc))
    try:
        result = audit.import_copy(args.theirs)
    except StoreError as exc:
        return _fail(str(exc))
    finally:
        audit.close()
    _say(f"{path.name}: {result.summary()}")
    for name in result.evidence_copied:
        _say(f"evidence file copied: {name}")
    for name, why in result.evidence_refused:
        _say(f"evidence file refused ({why}), not copied: {name}", file=sys.stderr)
    if result.conflicts:
        _say("open the audit in granska to resolve the conflicts (key k)")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    """granska attach AUDIT SOURCE FILE"""
    from store import StoreError, find_audit, open_audit
    from store.factcheck import find_sources

    try:
        path = find_audit(_workspace(args), args.audit)
        audit = open_audit(path)
    except StoreError as exc:
        return _fail(str(exc))
    try:
        documents = [s for s in find_sources(audit, args.source) if s.kind == "document"]
        if len(documents) != 1:
            found = "no document" if not documents else f"{len(documents)} documents"
            return _fail(f"{found} named {args.source!r} in {path.name}; give its id")
        source = audit.attach_evidence(documents[0].id, args.file)
    except StoreError as exc:
        return _fail(str(exc))
    finally:
        audit.close()
    _say(f"{path.name}: {source.title}: attached {source.evidence}")
    _say(f"sha256 {source.evidence_sha256}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """granska search AUDIT QUERY...: one line per match (kind, item number, snippet)."""
    from store import StoreError, find_audit, open_audit

    try:
        audit = open_audit(find_audit(_workspace(args), args.audit), read_only=True)
    except StoreError as exc:
        return _fail(str(exc))
    try:
        hits = audit.search_index().search(" ".join(args.query), max(args.limit, 1), width=100)
    finally:
        audit.close()
    if not hits.results:
        return _fail("no matches")
    for r in hits.results:
        _say(r.kind, r.number or "-", r.snippet)
    if hits.more:
        _say(f"({hits.more} more; --limit to see them)", file=sys.stderr)
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """granska review AUDIT: progress per section, then one line per gap (list, where, what)."""
    from store import StoreError, find_audit, open_audit

    try:
        audit = open_audit(find_audit(_workspace(args), args.audit), read_only=True)
    except StoreError as exc:
        return _fail(str(exc))
    try:
        gaps = audit.review_gaps()
    finally:
        audit.close()
    for p in gaps.progress:
        _say("progress", p.title, " ".join(f"{state}={n}" for state, n in p.counts.items()))
    for key, entries in gaps.lists.items():
        for entry in entries:
            _say(key, entry.item_id or "-", entry.text.replace("\n", " "))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """granska list"""
    from store import list_audits

    folder = _workspace(args)
    audits = list_audits(folder) if folder.is_dir() else []
    if not audits:
        _say(f"no audits in {folder}")
        return 0
    for s in audits:
        if s.error:
            _say(Path(s.path).name, s.error)
            continue
        _say(
            s.id[:8],
            s.title,
            s.municipality,
            s.committee,
            f"{s.assessed}/{s.questions} assessed",
            (s.changed or s.updated)[:16].replace("T", " "),
        )
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    """granska keys [--check]: every binding id with its keys now, as lines of keys.toml."""
    from tui.i18n import catalogue
    from tui.keymap import WORKSPACE_FILE, binding_table, load_keymap, user_keys_file

    workspace = _workspace(args)
    result = load_keymap(workspace)
    for problem in result.problems:
        _say(problem, file=sys.stdout if args.check else sys.stderr)
    if args.check:
        if not result.problems:
            _say(f"{', '.join(map(str, result.files)) or 'no keys files'}: ok")
        return 1 if result.problems else 0
    english = catalogue("en")
    _say(f"# {user_keys_file()} (yours, wins) or [keys] in {workspace / WORKSPACE_FILE}")
    table = binding_table()
    current = result.current_keys()
    # Grouped by screen, the keys of every screen first, each screen in declaration order.
    for binding_id in sorted(current, key=lambda b: (table[b].scope != "app", table[b].scope)):
        keys = current[binding_id]
        info = table[binding_id]
        what = english.gettext(info.description) if info.description else f"({info.action})"
        where = f" [{result.sources[binding_id].name}]" if binding_id in result.sources else ""
        line = f'"{binding_id}" = "{",".join(keys)}"'
        _say(f"{line:<48} # {what}{where}")
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
        _say(args.out)
        return 0
    if args.checklists_command == "show":
        from checklists.outline import outline

        path = Path(args.template)
        if path.suffix in (".yaml", ".yml") or path.exists():
            try:
                template = load_template(path)
            except ChecklistError as exc:
                for problem in exc.problems:
                    print(problem)
                return 1
        else:
            found = load_library(args.checklists).get(args.template)
            if found is None:
                return _fail(
                    f"no template with the id {args.template!r} (see: granska checklists list)"
                )
            template = found
        sys.stdout.write(outline(template))
        return 0
    if args.checklists_command == "list":
        library = load_library(args.checklists)
        for t in library.offered():
            _say(t.id, t.version, t.title, t.kind, t.source)
        for problem in library.problems:
            _say(problem, file=sys.stderr)
        return 1 if library.problems else 0
    status = 0
    for path in args.files:
        try:
            load_template(path)
            _say(f"{path}: ok")
        except ChecklistError as exc:
            status = 1
            for problem in exc.problems:
                _say(problem)
    return status


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `granska` command."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "export":
            return _interruptible(cmd_export, args)
        if args.command == "report-template":
            return cmd_report_template(args)
        if args.command == "list":
            return cmd_list(args)
        if args.command == "merge":
            return cmd_merge(args)
        if args.command == "attach":
            return cmd_attach(args)
        if args.command == "keys":
            return cmd_keys(args)
        if args.command == "search":
            return cmd_search(args)
        if args.command == "review":
            return cmd_review(args)
        if args.command == "checklists":
            return cmd_checklists(args)
        return run_app(args)
    except KeyboardInterrupt:
        return 130


def _interruptible(command, args: argparse.Namespace) -> int:
    """Run a command so that SIGTERM unwinds like Ctrl+C: temporaries are removed."""
    import signal

    def stop(signum, frame):  # noqa: ARG001 - signal handler signature
        raise KeyboardInterrupt

    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread
        pass
    try:
        return command(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


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
    except OSError as exc:  # a full or read-only disk on the first run: one line
        return _fail(f"cannot set up the workspace {folder}: {exc.strerror or exc}")
    from tui.app import make_app

    try:
        app = make_app(folder, language=args.lang, checklist_dirs=args.checklists)
    except StoreError as exc:
        return _fail(str(exc))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
