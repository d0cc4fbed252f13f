"""``catalog-lint graph``: Mermaid and DOT, focus and depth, dangling references, and
names that would break the syntax if they were not escaped."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from catalog_lint.graph.render import dot_text, mermaid_text
from tests.cli_helpers import run_cli, write

HEADER = "apiVersion: backstage.io/v1alpha1\n"
CATALOG = {
    "org.yaml": f"{HEADER}kind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n"
                "  children: []\n",
    "catalog-info.yaml": f"{HEADER}kind: Component\nmetadata:\n  name: cart\nspec:\n"
                         "  type: service\n  lifecycle: production\n  owner: team-a\n"
                         "  system: shop\n  dependsOn: [component:lib]\n"
                         f"---\n{HEADER}kind: Component\nmetadata:\n  name: lib\nspec:\n"
                         "  type: library\n  lifecycle: production\n  owner: team-a\n"
                         "  dependsOn: [component:deep]\n"
                         f"---\n{HEADER}kind: Component\nmetadata:\n  name: deep\nspec:\n"
                         "  type: library\n  lifecycle: production\n  owner: team-a\n"
                         f"---\n{HEADER}kind: Location\nmetadata:\n  name: all\nspec:\n"
                         "  targets: [./org.yaml]\n",
}


def draw(root: Path, *args: str) -> str:
    outcome = run_cli(["graph", *args], root)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.stdout


def test_mermaid(tmp_path: Path) -> None:
    write(tmp_path, CATALOG)
    assert draw(tmp_path) == (
        "flowchart LR\n"
        '  n0["Component: cart"]\n'
        '  n1["Component: deep"]\n'
        '  n2["Component: lib"]\n'
        '  n3["Group: team-a"]\n'
        '  n4["system:default/shop (not in the catalog)"]:::dangling\n'
        '  n0 -->|"owner"| n3\n'
        '  n0 -.->|"system"| n4\n'
        '  n0 -->|"dependsOn"| n2\n'
        '  n2 -->|"owner"| n3\n'
        '  n2 -->|"dependsOn"| n1\n'
        '  n1 -->|"owner"| n3\n'
        "  classDef dangling stroke:#c00,stroke-width:2px,stroke-dasharray:5 5,color:#c00\n"
        "  classDef external stroke-dasharray:2 2,fill:#f4f4f4\n"
    )


def test_markdown_wraps_mermaid_in_a_fenced_block(tmp_path: Path) -> None:
    write(tmp_path, CATALOG)
    text = draw(tmp_path, "--markdown")
    assert text.startswith("```mermaid\nflowchart LR\n") and text.endswith("```\n")
    outcome = run_cli(["graph", "--markdown", "--format", "dot"], tmp_path)
    assert outcome.exit_code == 2


def test_dot(tmp_path: Path) -> None:
    write(tmp_path, CATALOG)
    text = draw(tmp_path, "--format", "dot")
    assert text.startswith("digraph catalog {\n  rankdir=LR;\n")
    assert '  n0 [label="Component: cart", tooltip="component:default/cart"];\n' in text
    assert ('  n4 [label="system:default/shop (not in the catalog)", '
            'tooltip="system:default/shop", style="rounded,dashed", color="#cc0000", '
            'fontcolor="#cc0000"];\n') in text
    assert '  n0 -> n4 [label="system", style=dashed, color="#cc0000"];\n' in text
    assert '  n0 -> n3 [label="owner"];\n' in text
    assert text.endswith("}\n")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_output_is_accepted_by_graphviz(tmp_path: Path) -> None:
    write(tmp_path, CATALOG)
    result = subprocess.run(["dot", "-Tsvg"], input=draw(tmp_path, "--format", "dot"),
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def _nodes(text: str) -> list[str]:
    return re.findall(r'^  n\d+\["([^"]*)"\]', text, re.M)


def test_focus_and_depth(tmp_path: Path) -> None:
    write(tmp_path, CATALOG)
    assert _nodes(draw(tmp_path, "--focus", "component:lib", "--depth", "0")) == ["Component: lib"]
    assert _nodes(draw(tmp_path, "--focus", "component:lib")) == [
        "Component: cart", "Component: deep", "Component: lib", "Group: team-a"]
    # Two steps from deep: lib (1), then cart and team-a... team-a is 1 step already.
    assert _nodes(draw(tmp_path, "--focus", "component:deep", "--depth", "1")) == [
        "Component: deep", "Component: lib", "Group: team-a"]
    two = draw(tmp_path, "--focus", "component:deep", "--depth", "2")
    assert _nodes(two) == ["Component: cart", "Component: deep", "Component: lib",
                           "Group: team-a"]
    assert "(not in the catalog)" not in two  # shop is three steps away
    three = draw(tmp_path, "--focus", "Component:default/DEEP", "--depth", "3")
    assert "system:default/shop (not in the catalog)" in three


def test_an_unknown_focus_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path, CATALOG)
    outcome = run_cli(["graph", "--focus", "system:cart"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr == ("catalog-lint: error: --focus 'system:cart': no such entity in "
                              "the catalog (did you mean component:default/cart?)\n")
    outcome = run_cli(["graph", "--focus", "cart"], tmp_path)
    assert "give the kind too (component:cart)" in outcome.stderr


def test_port_entities_and_focus(tmp_path: Path) -> None:
    write(tmp_path, {"port.yml": "- identifier: shop\n  blueprint: system\n"
                                 "- identifier: cart\n  blueprint: component\n"
                                 "  properties: {type: service, lifecycle: Production}\n"
                                 "  relations: {system: shop, owner: nobody}\n"})
    text = draw(tmp_path, "--focus", "port:component/cart")
    assert _nodes(text) == ["Port component: cart", "port:group/nobody (not in the catalog)",
                            "Port system: shop"]


def test_names_are_escaped(tmp_path: Path) -> None:
    # Nothing a reference holds can end a label or inject markup.
    write(tmp_path, {"catalog-info.yaml": f"{HEADER}kind: Component\nmetadata:\n  name: cart\n"
                     "spec:\n  type: service\n  lifecycle: production\n"
                     "  owner: 'team\"]-->x<b>#1;\\n'\n"})
    mermaid = draw(tmp_path)
    assert '["group:default/team#quot;]--#62;x#60;b#62;#35;1#59;#92;n (not in the catalog)"]' \
        in mermaid
    assert '"]-->x' not in mermaid and "<b>" not in mermaid
    dot = draw(tmp_path, "--format", "dot")
    assert 'label="group:default/team\\"]-->x<b>#1;\\\\n (not in the catalog)"' in dot


def test_escaping_functions() -> None:
    assert mermaid_text('a "b" <c> & d;#') == "a #quot;b#quot; #60;c#62; #38; d#59;#35;"
    assert mermaid_text("cart-service_v2.1 @team:x/y") == "cart-service_v2.1 @team:x/y"
    assert dot_text('say "hi"\\\nnow') == 'say \\"hi\\"\\\\\\nnow'


def test_the_example_catalog_draws_without_dangling_references() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "shop"
    text = draw(example)
    assert "dangling" not in text.split("classDef")[0]
    assert '"Port component: cart-service"' in text and '"Component: cart-service"' in text
    assert "Location" not in text
