"""A YAML SafeLoader with a budget on alias expansion.

A "billion laughs" file is a few hundred bytes whose aliases (`*name`) repeat one
anchor into billions of values: validating and printing it ran for minutes and died
of memory. Composing keeps one node per anchor however often it is used, so the node
graph is as small as the text; the budget is counted on that graph, memoised, after
composing and before anything is constructed, and the alias that crosses it is named
with its line and column.
"""

from __future__ import annotations

from typing import Any

import yaml

# How many values aliases may repeat in one document, each use counted as the
# anchored value written out in full. A template reuses a list of probes or a
# criterion now and then; nothing honest comes near this.
ALIAS_BUDGET = 10_000


class BudgetLoader(yaml.SafeLoader):
    """SafeLoader that refuses a document whose aliases repeat more than ALIAS_BUDGET values."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases: list[tuple[yaml.Node, yaml.Mark]] = []

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            if node is not None:
                self._aliases.append((node, mark))
            return node
        return super().compose_node(parent, index)

    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        sizes: dict[int, int] = {}
        used = 0
        for target, mark in self._aliases:
            used += expanded_size(target, sizes, set())
            if used > ALIAS_BUDGET:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"aliases repeat more than {ALIAS_BUDGET} values "
                    "(write the values out, or use fewer aliases)",
                    mark,
                )
        return node


def expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values a node stands for with every alias inside it written out.

    Counting stops a little past the budget, so a bomb costs no more than the budget.
    """
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:  # a recursive alias: counted once; the constructor refuses it
        return 1
    open_nodes.add(key)
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += expanded_size(child, sizes, open_nodes)
            if total > ALIAS_BUDGET:
                break
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            total += expanded_size(key_node, sizes, open_nodes)
            total += expanded_size(value_node, sizes, open_nodes)
            if total > ALIAS_BUDGET:
                break
    open_nodes.discard(key)
    sizes[key] = total
    return total
