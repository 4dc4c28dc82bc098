"""The audit screen: sections and questions in a tree; the selected question beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Collapsible,
    Footer,
    Header,
    Label,
    ListItem,
    ListView,
    Select,
    Static,
    Tree,
)
from textual.widgets.tree import TreeNode

from checklists import Item, Section
from store import Audit, Observation
from tui.i18n import N_, has, t
from tui.safe_text import plain, shown
from tui.widgets.autosave import AutosaveInput, AutosaveTextArea
from tui.widgets.status import SaveStatus

MARKERS = {"empty": "○", "observations": "◐", "assessed": "●"}
EDIT_ACTIONS = {
    "upgrade_template",
    "add_observation",
    "edit_observation",
    "delete_observation",
    "assess",
    "import_copy",
}

if TYPE_CHECKING:
    from tui.app import GranskaApp


class AuditScreen(Screen):
    """Moves through the audit's questions; observations and assessment of the selected one."""

    BINDINGS = [
        Binding("escape", "home", N_("back")),
        Binding("a", "add_observation", N_("add_observation")),
        Binding("e", "edit_observation", N_("edit_observation"), show=False),
        Binding("delete,d", "delete_observation", N_("delete_observation"), show=False),
        Binding("b", "assess", N_("assess")),
        Binding("r", "recommendations", N_("recommendations")),
        Binding("s", "overall", N_("overall")),
        Binding("t", "texts", N_("audit_texts"), show=False),
        Binding("h", "history", N_("history"), show=False),
        Binding("x", "export", N_("export")),
        Binding("i", "import_copy", N_("import"), show=False),
        Binding("k", "conflicts", N_("conflicts"), show=False),
        Binding("f2", "focus_tree", N_("jump_tree"), show=False),
        Binding("u", "upgrade_template", N_("upgrade_template"), show=False),
    ]

    @property
    def granska(self) -> GranskaApp:
        """The app, typed (as Posting's `cast("Posting", self.app)`)."""
        return cast("GranskaApp", self.app)

    def __init__(self) -> None:
        super().__init__()
        self.item: Item | None = None
        self.area: Section | None = None  # the section whose own assessment is shown
        self._rows: dict[str, tuple[TreeNode[str], str]] = {}  # tree rows by id, numbered
        self._observations: list[Observation] = []

    @property
    def audit(self) -> Audit:
        """The open audit (this screen is only shown while one is open)."""
        assert self.granska.session is not None
        return self.granska.session.audit

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="template-notice")
        with Horizontal(id="audit-body"):
            yield Tree("", id="items")
            with VerticalScroll(id="detail"):
                yield Static("", id="q-section", classes="muted")
                yield Static("", id="q-text", classes="question")
                yield Static("", id="item-facts", classes="facts")
                with Collapsible(title=t("guidance"), id="guidance", collapsed=True):
                    yield Static("", id="guidance-text")
                with Vertical(id="kpi-box"):
                    yield Label(t("kpi_values"), classes="heading")
                    yield Grid(id="kpi-grid")
                with Vertical(id="obs-box"):
                    yield Label(t("observations"), classes="heading")
                    yield ListView(id="observations")
                    yield Static("", id="no-observations", classes="muted")
                yield Label(t("assessment"), id="assess-heading", classes="heading")
                yield Select([], prompt=t("choose_value"), id="value")
                yield Label(t("reasoning"), id="reasoning-label", classes="muted")
                yield AutosaveTextArea("", id="reasoning", save=self._save_reasoning)
        yield SaveStatus(id="status")
        yield Footer()

    def on_mount(self) -> None:
        meta = self.audit.meta
        self.app.sub_title = shown(f"{meta.title} – {meta.municipality}".strip(" –"))
        self._build_tree()
        status = self.query_one("#status", SaveStatus)
        if self.audit.read_only:
            status.show("read_only")
            self.query_one("#reasoning", AutosaveTextArea).read_only = True
            self.query_one("#value", Select).disabled = True
        self._refresh_states()
        self._show_template_notice()
        self.query_one("#items", Tree).focus()

    def _newer_template(self):
        """The offered template when it is newer than the audit's copy, else None."""
        meta = self.audit.meta
        newest = self.granska.library.get(meta.template_id)
        if newest is not None and newest.version > meta.template_version:
            return newest
        return None

    def _show_template_notice(self) -> None:
        notice = self.query_one("#template-notice", Static)
        newer = None if self.audit.read_only else self._newer_template()
        notice.update(t("template_newer", version=newer.version) if newer else "")
        notice.display = newer is not None

    # -- the tree -----------------------------------------------------------------

    def _build_tree(self) -> None:
        """Chapters (when the template groups its sections), sections, then items.

        A section with an assessment of its own carries its id, so the cursor can
        stop on it and `b` assesses it.
        """
        tree: Tree[str] = self.query_one("#items", Tree)
        tree.show_root = False
        tree.clear()
        self._rows = {}
        template = self.audit.template
        states = self.audit.item_states()
        if template.chapters:
            for n, chapter in enumerate(template.chapters, start=1):
                node = tree.root.add(plain(f"{n} {chapter.title}"), data=None, expand=True)
                for k, section in enumerate(chapter.sections, start=1):
                    self._add_section(node, f"{n}.{k}", section, states)
        else:
            for n, section in enumerate(template.sections, start=1):
                self._add_section(tree.root, str(n), section, states)
        orphans = self.audit.orphan_item_ids()
        if orphans:
            node = tree.root.add(t("removed_items"), data=None, expand=True)
            for item_id in orphans:
                removed = self.audit.removed_item(item_id)
                text = removed.text if removed else item_id
                node.add_leaf(plain(f"✕ {text}", style="dim"), data=item_id)
        first = next(
            (row for key, (row, _) in self._rows.items() if template.item(key) is not None),
            None,
        )
        if first is not None and first.data is not None:
            self.show_item(first.data)
            # The cursor can only move once the tree has laid out its lines.
            self.call_after_refresh(tree.move_cursor, first)

    def _add_section(
        self, parent: TreeNode[str], number: str, section: Section, states: dict[str, str]
    ) -> None:
        if section.assessed:
            node = parent.add(
                self._row_label(section.title, number, states[section.id]),
                data=section.id,
                expand=True,
            )
            self._rows[section.id] = (node, number)
        else:
            node = parent.add(plain(f"{number} {section.title}"), data=None, expand=True)
        for k, item in enumerate(section.items, start=1):
            leaf = node.add_leaf(
                self._row_label(item.text, f"{number}.{k}", states[item.id]), data=item.id
            )
            self._rows[item.id] = (leaf, f"{number}.{k}")

    def _row_label(self, text: str, number: str, state: str) -> Text:
        label = Text(f"{MARKERS[state]} ", style="bold green" if state == "assessed" else "")
        label.append(shown(f"{number} {text}"))
        return label

    def _refresh_states(self) -> None:
        """Re-mark the tree and the counts after a change (one pass over the records)."""
        states = self.audit.item_states()
        template = self.audit.template
        for key, (node, number) in self._rows.items():
            target = template.item(key) or template.section(key)
            if target is not None and key in states:
                text = target.text if isinstance(target, Item) else target.title
                node.set_label(self._row_label(text, number, states[key]))
        assessed = sum(state == "assessed" for state in states.values())
        meta = self.audit.meta
        counts = t("summary_counts", assessed=assessed, total=len(states))
        self.query_one("#status", SaveStatus).set_context(
            f"{meta.committee or meta.title} · {counts}"
        )

    @on(Tree.NodeHighlighted, "#items")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data is not None:
            self.show_item(event.node.data)

    @on(Tree.NodeSelected, "#items")
    def _selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None:
            self.query_one("#observations", ListView).focus()

    # -- the detail pane ------------------------------------------------------------

    def show_item(self, item_id: str) -> None:
        """Show an item's text, guidance, observations and assessment."""
        reasoning = self.query_one("#reasoning", AutosaveTextArea)
        reasoning.save_now()  # belongs to the item shown until now
        template = self.audit.template
        area = template.section(item_id)
        item = template.item(item_id) or self.audit.removed_item(item_id)
        if area is not None and area.assessed:
            # A section's own assessment is edited as an item of its own kind.
            item = Item(area.id, "question", area.title, guidance=area.intro, scale=area.scale)
        if item is None:
            return
        self.item = item
        self.area = area if area is not None and area.assessed else None
        section = template.section_of(item_id)
        if self.area is not None:
            chapter = template.chapter_of(self.area.id)
            heading = f"{chapter.title} · {t('area')}" if chapter else t("area")
        elif section is not None:
            chapter = template.chapter_of(section.id)
            where = f"{chapter.title} › {section.title}" if chapter else section.title
            heading = f"{where} · {template.kind_name(item.kind)}"
        else:
            heading = t("removed_items")
        self.query_one("#q-section", Static).update(escape(heading))
        self.query_one("#q-text", Static).update(escape(item.text))
        guidance = self._guidance(item)
        self.query_one("#guidance-text", Static).update(guidance)
        self.query_one("#guidance").display = bool(guidance)
        facts = self._facts(item)
        self.query_one("#item-facts", Static).update(facts)
        self.query_one("#item-facts").display = bool(facts)
        heading, label = {
            "question": ("assessment", "reasoning"),
            "control_point": ("answer", "comment"),
            "kpi": ("goal_attainment", "comment"),
            "analysis": ("analysis_text", ""),
        }[item.kind]
        self.query_one("#assess-heading", Label).update(t(heading))
        self.query_one("#reasoning-label", Label).update(t(label) if label else "")
        self.query_one("#reasoning-label").display = bool(label)
        self.query_one("#value").display = item.kind != "analysis"
        self.query_one("#obs-box").display = item.kind != "analysis" and self.area is None
        self.query_one("#kpi-box").display = item.kind == "kpi"
        if item.kind == "kpi":
            self._fill_kpi_grid(item)
        scale = template.scale_for(item)
        select = self.query_one("#value", Select)
        assessment = self.audit.assessment(item_id)
        with self.prevent(Select.Changed):
            select.set_options([(v.label, v.id) for v in scale.values] if scale else [])
            select.value = assessment.value if assessment and assessment.value else Select.NULL
        reasoning.reset(assessment.reasoning if assessment else "")
        self._fill_observations()

    def _facts(self, item: Item) -> Text:
        """The facts of a control point or KPI: target, quality area, unit, direction."""
        rows: list[tuple[str, str]] = []
        if item.kind == "control_point":
            rows = [
                ("target", item.target),
                ("quality_area", item.quality_area),
                ("data_source", item.data_source),
            ]
        elif item.kind == "kpi":
            direction = t(f"direction_{item.direction}") if item.direction else ""
            rows = [("kpi_target", item.kpi_target), ("unit", item.unit), ("direction", direction)]
        lines = [Text.assemble((f"{t(key)}: ", "bold"), value) for key, value in rows if value]
        return Text("\n").join(lines)

    def _fill_kpi_grid(self, item: Item) -> None:
        """One field per period and breakdown, saved as typed."""
        grid = self.query_one("#kpi-grid", Grid)
        grid.remove_children()
        periods = list(item.periods) or [self.audit.meta.year or "—"]
        breakdowns = list(item.breakdowns) or ["total"]
        grid.styles.grid_size_columns = len(periods) + 1
        grid.styles.grid_columns = " ".join(["18"] + ["10"] * len(periods))
        values = self.audit.kpi_values(item.id)
        cells: list[Widget] = [Label("")]
        cells += [Label(escape(p), classes="kpi-head") for p in periods]
        for b in breakdowns:
            cells.append(
                Label(
                    escape(t(f"breakdown_{b}") if has(f"breakdown_{b}") else b),
                    classes="kpi-head",
                )
            )
            for p in periods:
                cells.append(
                    AutosaveInput(
                        values.get((p, b), ""),
                        save=self._kpi_saver(item.id, p, b),
                        compact=True,
                        disabled=self.audit.read_only,
                        classes="kpi-cell",
                    )
                )
        grid.mount_all(cells)

    def _kpi_saver(self, item_id: str, period: str, breakdown: str):
        def save(value: str) -> None:
            if not self.audit.read_only:
                self.audit.set_kpi_value(item_id, period, breakdown, value)
                self._refresh_states()

        return save

    def _guidance(self, item: Item) -> str:
        parts = []
        if item.guidance:
            parts.append(escape(item.guidance))
        if item.probe:
            parts.append(f"[b]{t('probe')}[/b]\n" + "\n".join(f"• {escape(p)}" for p in item.probe))
        if item.documents:
            parts.append(
                f"[b]{t('documents_to_ask')}[/b]\n"
                + "\n".join(f"• {escape(d)}" for d in item.documents)
            )
        criteria = [
            self.audit.template.criteria[c]
            for c in item.criteria
            if c in self.audit.template.criteria
        ]
        if criteria:
            parts.append(
                f"[b]{t('criteria')}[/b]\n"
                + "\n".join(f"• [i]{escape(c.title)}[/i]: {escape(c.text)}" for c in criteria)
            )
        return "\n\n".join(parts)

    def _fill_observations(self, select_id: str | None = None) -> None:
        if self.item is None:
            return
        view = self.query_one("#observations", ListView)
        sources = {s.id: s for s in self.audit.sources()}
        self._observations = self.audit.observations(self.item.id)
        view.clear()
        for obs in self._observations:
            cited = "; ".join(
                f"{t(sources[s].kind)}: {sources[s].label()}"
                for s in obs.source_ids
                if s in sources
            )
            # Plain text, not markup: Textual's markup misreads an escaped "[" after a lone one.
            body = plain(obs.text.strip(), multiline=True)
            if cited:
                body.append(f"\n— {shown(cited)}", style="dim")
            view.append(ListItem(Static(body, classes="observation")))
        empty = self.query_one("#no-observations", Static)
        empty.update("" if self._observations else t("no_observations"))
        empty.display = not self._observations
        view.display = bool(self._observations)
        if self._observations:
            view.index = 0
        if select_id is not None:
            for index, obs in enumerate(self._observations):
                if obs.id == select_id:
                    view.index = index

    def _selected_observation(self) -> Observation | None:
        view = self.query_one("#observations", ListView)
        if view.index is None or not (0 <= view.index < len(self._observations)):
            return None
        return self._observations[view.index]

    def after_change(self, select_id: str | None = None) -> None:
        """Refresh what an edit may have changed: observations, tree marks, counts."""
        self._fill_observations(select_id)
        self._refresh_states()

    # -- saving --------------------------------------------------------------------

    def _save_reasoning(self, text: str) -> None:
        if self.item is None or self.audit.read_only:
            return
        value = self.query_one("#value", Select).value
        current = self.audit.assessment(self.item.id)
        self.audit.set_assessment(
            self.item.id,
            value if isinstance(value, str) else (current.value if current else ""),
            text,
        )
        self._refresh_states()

    @on(Select.Changed, "#value")
    def _value_changed(self, event: Select.Changed) -> None:
        if self.item is None or self.audit.read_only:
            return
        value = event.value if isinstance(event.value, str) else ""
        reasoning = self.query_one("#reasoning", AutosaveTextArea)
        self.audit.set_assessment(self.item.id, value, reasoning.text)
        reasoning.reset(reasoning.text)
        self._refresh_states()

    # -- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDIT_ACTIONS and self.granska.session and self.audit.read_only:
            return False
        if action == "upgrade_template":
            return self._newer_template() is not None
        if action in ("edit_observation", "delete_observation"):
            return self.focused is self.query_one("#observations", ListView) or None
        return True

    def action_home(self) -> None:
        """Close the audit and go back to the list."""
        self.query_one("#reasoning", AutosaveTextArea).save_now()
        if self.granska.close_session():
            self.app.pop_screen()

    def action_focus_tree(self) -> None:
        """Move focus to the question tree."""
        self.query_one("#items", Tree).focus()

    def action_add_observation(self) -> None:
        """Add an observation to the selected question."""
        self._edit_observation(None)

    def action_edit_observation(self) -> None:
        """Edit the highlighted observation."""
        obs = self._selected_observation()
        if obs is not None:
            self._edit_observation(obs)

    @on(ListView.Selected, "#observations")
    def _observation_chosen(self, event: ListView.Selected) -> None:
        self.action_edit_observation()

    def _edit_observation(self, obs: Observation | None) -> None:
        from tui.screens.observation import ObservationScreen

        if self.item is None or self.audit.read_only or self.area is not None:
            return

        def done(observation_id: str | None) -> None:
            self.after_change(observation_id)
            if self._observations:
                self.query_one("#observations", ListView).focus()

        self.app.push_screen(ObservationScreen(self.audit, self.item, obs), done)

    def action_delete_observation(self) -> None:
        """Delete the highlighted observation, after asking."""
        from tui.screens.confirm import ConfirmScreen

        obs = self._selected_observation()
        if obs is None:
            return

        def answer(ok: bool | None) -> None:
            if ok:
                self.audit.delete(obs)
                self.after_change()

        preview = obs.text.strip().replace("\n", " ")
        preview = preview[:80] + ("…" if len(preview) > 80 else "")
        self.app.push_screen(
            ConfirmScreen(f"{t('confirm_delete_observation')}\n\n{preview}"), answer
        )

    def action_assess(self) -> None:
        """Move to the assessment of the selected question (the text, for an analysis)."""
        if self.item is not None and self.item.kind == "analysis":
            self.query_one("#reasoning", AutosaveTextArea).focus()
        else:
            self.query_one("#value", Select).focus()
        self.query_one("#detail").scroll_to_widget(self.query_one("#reasoning"))

    def action_recommendations(self) -> None:
        """Open the recommendations."""
        from tui.screens.recommendations import RecommendationsScreen

        self.query_one("#reasoning", AutosaveTextArea).save_now()
        self.app.push_screen(RecommendationsScreen(), lambda _: self.after_change())

    def action_overall(self) -> None:
        """Edit the overall assessment: its text, and its value when the template grades it."""
        from tui.screens.text_edit import TextEditScreen

        scale = self.audit.template.overall()
        if scale is None:
            self._edit_meta_text("overall_assessment", t("overall"))
            return

        def save(text: str) -> None:
            self.audit.update_meta(overall_assessment=text)

        def save_value(value: str) -> None:
            self.audit.set_overall(value)

        self.app.push_screen(
            TextEditScreen(
                t("overall"),
                self.audit.meta.overall_assessment,
                save,
                read_only=self.audit.read_only,
                choices=[(v.label, v.id) for v in scale.values],
                value=self.audit.meta.overall_value,
                save_value=save_value,
            )
        )

    def action_texts(self) -> None:
        """Edit the background of the audit."""
        self._edit_meta_text("background", t("background"))

    def action_purpose(self) -> None:
        """Edit the purpose of the audit."""
        self._edit_meta_text("purpose", t("purpose"))

    def action_method(self) -> None:
        """Edit the method and scope of the audit."""
        self._edit_meta_text("method", t("method"))

    def _edit_meta_text(self, field: str, title: str) -> None:
        from tui.screens.text_edit import TextEditScreen

        def save(text: str) -> None:
            self.audit.update_meta(**{field: text})

        self.app.push_screen(
            TextEditScreen(
                title, getattr(self.audit.meta, field), save, read_only=self.audit.read_only
            )
        )

    def action_history(self) -> None:
        """Show who changed what on the selected question."""
        from tui.screens.history import HistoryScreen

        if self.item is not None:
            self.app.push_screen(HistoryScreen(self.audit, self.item))

    def action_export(self) -> None:
        """Export the Word report."""
        from tui.screens.export import ExportScreen

        self.query_one("#reasoning", AutosaveTextArea).save_now()
        self.app.push_screen(ExportScreen(self.audit))

    def action_import_copy(self) -> None:
        """Merge a colleague's copy of this audit into it."""
        from tui.screens.merge import ConflictsScreen, ImportScreen

        self.query_one("#reasoning", AutosaveTextArea).save_now()

        def done(conflict_count: int | None) -> None:
            self._after_merge()
            if conflict_count:
                self.app.push_screen(ConflictsScreen(self.audit), lambda _: self._after_merge())

        self.app.push_screen(ImportScreen(self.audit), done)

    def action_conflicts(self) -> None:
        """List the conflicts left by imports."""
        from tui.screens.merge import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.audit), lambda _: self._after_merge())

    def _after_merge(self) -> None:
        if self.item is not None:
            self.show_item(self.item.id)
        self.after_change()

    def action_upgrade_template(self) -> None:
        """Take the newer version of the audit's template, after asking."""
        from tui.screens.confirm import ConfirmScreen

        newer = self._newer_template()
        if newer is None:
            return

        def answer(ok: bool | None) -> None:
            if not ok:
                return
            self.query_one("#reasoning", AutosaveTextArea).save_now()
            self.audit.upgrade_template(newer)
            self._build_tree()
            self._show_template_notice()
            self._refresh_states()
            self.notify(t("upgraded", version=newer.version))

        self.app.push_screen(ConfirmScreen(t("upgrade_question", version=newer.version)), answer)
