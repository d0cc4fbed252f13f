"""References that no entity read so far answers have their position looked up while
their batch is prepared (work shared between the reading processes), and the graph
stage then uses it: the findings are those of a run that looks every position up at the
end, in every kind of document."""

from __future__ import annotations

from pathlib import Path

from catalog_lint.config import Config
from catalog_lint.findings import JsonPath
from catalog_lint.graph.build import Prepared, prepare
from catalog_lint.graph.extract import Plans
from catalog_lint.graph.model import Key
from catalog_lint.pipeline import Run, RunOptions
from catalog_lint.snapshot import WorktreeSnapshot
from tests.cli_helpers import run_cli, write

HEADER = "apiVersion: backstage.io/v1alpha1\n"
TEAM = f"{HEADER}kind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n"
SERVICE = (f"{HEADER}kind: Component\nmetadata:\n  name: cart\nspec:\n  type: service\n"
           "  lifecycle: production\n  owner: team-a\n  dependsOn:\n    - resource:db\n"
           "    - resource:cache\n")
PORT_LIST = ("- identifier: shop\n  blueprint: system\n"
             "- identifier: cart-svc\n  blueprint: component\n"
             "  relations:\n    system: shop\n    owner: nobody\n")

PORT_JSON = ('{"identifier": "web", "blueprint": "component",\n'
             ' "relations": {"owner": "nobody", "system": "shop"},\n'
             ' "properties": {"type": "service", "lifecycle": "Production"}}\n')


def read(folder: Path, *paths: str) -> Run:
    run = Run(WorktreeSnapshot(folder), Config(root=folder), RunOptions())
    for path in paths:
        run.read(path)
    return run


def test_only_references_not_yet_answered_get_their_position_ahead(tmp_path: Path) -> None:
    write(tmp_path, {"teams.yaml": TEAM, "cart.yaml": SERVICE, "port.yaml": PORT_LIST,
                     "web.json": PORT_JSON})
    run = read(tmp_path, "teams.yaml", "cart.yaml", "port.yaml", "web.json")
    web = run.entities[-1].document
    assert web.positions is None  # a JSON file with no finding yet: none composed
    prepared: Prepared = {}
    seen: set[Key] = set()
    prepare(run.entities, prepared, Plans(), seen)
    at = {(node.key[3], edge.name, edge.target[3]): edge.at
          for node, _ in prepared.values() for edge in node.edges}
    assert at[("cart", "owner", "team-a")] is None  # team-a was read first
    assert at[("cart", "dependsOn", "db")] == (10, 7)
    assert at[("cart", "dependsOn", "cache")] == (11, 7)
    # a Port list item: the position is in the file, past the item's own start
    assert at[("cart-svc", "owner", "nobody")] == (7, 12)
    assert at[("cart-svc", "system", "shop")] is None  # the first item of the same file
    # a JSON file: its positions are composed from its text for the look-up
    assert at[("web", "owner", "nobody")] == (2, 25)


def test_references_answered_later_in_the_same_batch_are_not_looked_up(tmp_path: Path) -> None:
    """A file's entities point at each other (a component at the API its next document
    defines), and at files of the same batch read after it: every key of the batch is
    known before any look-up, so only what nothing in the batch answers is looked up."""
    api = (f"{HEADER}kind: API\nmetadata:\n  name: cart-api\nspec:\n  type: openapi\n"
           "  lifecycle: production\n  owner: team-a\n  definition: x\n")
    service = SERVICE + "  providesApis:\n    - cart-api\n"
    write(tmp_path, {"cart.yaml": service + "---\n" + api, "teams.yaml": TEAM})
    run = read(tmp_path, "cart.yaml", "teams.yaml")
    prepared: Prepared = {}
    prepare(run.entities, prepared, Plans(), set())
    at = {(node.key[3], edge.name, edge.target[3]): edge.at
          for node, _ in prepared.values() for edge in node.edges}
    assert at[("cart", "providesApis", "cart-api")] is None  # the file's next document
    assert at[("cart", "owner", "team-a")] is None  # a file read after it
    assert at[("cart-api", "owner", "team-a")] is None
    assert at[("cart", "dependsOn", "db")] == (10, 7)  # answered by nothing in the batch


def test_without_the_keys_read_so_far_nothing_is_looked_up(tmp_path: Path) -> None:
    write(tmp_path, {"cart.yaml": SERVICE})
    run = read(tmp_path, "cart.yaml")
    prepared: Prepared = {}
    prepare(run.entities, prepared, Plans())
    assert all(edge.at is None for node, _ in prepared.values()
               for edge in node.edges)


def test_reports_with_positions_looked_up_ahead_are_a_serial_runs(tmp_path: Path) -> None:
    """More than a chunk of files, so that a worker reads some: references answered by a
    later file (looked up ahead, then resolved), Port lists in YAML and JSON (positions
    composed on demand), placeholders, multi-document files and broken ones."""
    files: dict[str, str | bytes] = {"readme.txt": "hello\n"}
    for i in range(260):
        owner = f"team-{i % 4}"  # teams 0 and 1 are defined by the last files, 2 and 3 nowhere
        text = SERVICE.replace("name: cart", f"name: cart-{i}").replace("team-a", owner)
        if i % 3 == 0:
            text += "---\n" + TEAM.replace("team-a", f"guild-{i}")
        if i % 11 == 0:
            text = text.replace("  type: service\n",
                                "  type: service\n  description:\n    $text: ../readme.txt\n")
        if i % 53 == 0:
            text += "oops: [\n"
        files[f"svc-{i:03d}/catalog-info.yaml"] = text
    files["zz-port/port.yaml"] = PORT_LIST
    files["zz-port/port.json"] = PORT_JSON
    files["zz-teams/catalog-info.yaml"] = TEAM.replace("team-a", "team-0") + "---\n" + \
        TEAM.replace("team-a", "team-1")
    write(tmp_path, files)
    serial = run_cli(["validate", "--format", "json", "--jobs", "1"], tmp_path)
    parallel = run_cli(["validate", "--format", "json", "--jobs", "2"], tmp_path)
    assert serial.json() == parallel.json()
    findings = parallel.json()["findings"]
    unresolved = [f for f in findings if f["rule"] == "unresolved-reference"]
    owners = {f["message"].split(": ")[1].split()[0] for f in unresolved
              if f["path"] == "spec.owner"}
    assert owners == {"group:team-2", "group:team-3"}
    assert {(f["file"], f["line"]) for f in unresolved if "nobody" in f["message"]} == {
        ("zz-port/port.yaml", 7), ("zz-port/port.json", 2)}
    assert all(f["line"] == 10 for f in unresolved
               if f["path"] == "spec.dependsOn[0]" and "svc-" in f["file"]
               and int(f["file"][4:7]) % 11)


def test_a_run_that_loads_catalogs_looks_nothing_up_ahead(tmp_path: Path) -> None:
    """Its references into other repositories are answered by the catalogs, which are
    loaded after the reading: a position looked up ahead would be wasted."""
    from catalog_lint.graph import stage

    write(tmp_path, {"cart.yaml": SERVICE})
    with_catalog = Run(WorktreeSnapshot(tmp_path), Config(root=tmp_path),
                       RunOptions(extra={"catalogs": ["platform.json"]}))
    without = read(tmp_path, "cart.yaml")
    with_catalog.read("cart.yaml")
    for run in (with_catalog, without):
        stage.prepare(run, run.entities)
    edges = {name: [edge.at for node, _ in run.prepared["graph"].values() for edge in node.edges]
             for name, run in (("with", with_catalog), ("without", without))}
    assert edges["with"] and all(at is None for at in edges["with"])
    assert all(at is not None for at in edges["without"])


def test_findings_made_ahead_are_the_ones_the_stage_would_make(tmp_path: Path) -> None:
    """An unresolved-reference finding is made as its batch is prepared; the stage uses
    it only where the reference stays unresolved and no entity is near its name. Two
    batches prepared one after the other, against the stage alone making every finding:
    a reference the second batch answers, a near miss of an entity it defines, a name
    it defines under another kind, a suppressed reference, and plain unresolved ones."""
    from catalog_lint.graph import stage

    cart = SERVICE.replace("owner: team-a", "owner: team-b") + (
        "    - resource:cahce\n"           # a near miss of the resource defined later
        "    - resource:checkout\n"        # the name of a component defined later
        "    - resource:gone  # catalog-lint: disable=unresolved-reference\n")
    later = (TEAM.replace("team-a", "team-b") + "---\n"
             f"{HEADER}kind: Resource\nmetadata:\n  name: cache\nspec:\n  type: db\n"
             "  owner: team-b\n---\n" + SERVICE.replace("name: cart", "name: checkout")
             .replace("owner: team-a", "owner: team-b"))
    write(tmp_path, {"a/cart.yaml": cart, "b/later.yaml": later})

    made_ahead: set[JsonPath] = set()  # the cart's references given a finding ahead

    def findings(ahead: bool) -> tuple[Run, list[tuple[object, ...]]]:
        run = read(tmp_path, "a/cart.yaml", "b/later.yaml")
        if ahead:  # the batches as a parallel run prepares them, one after the other
            first = [e for e in run.entities if e.path == "a/cart.yaml"]
            assert first
            stage.prepare(run, first)
            stage.prepare(run, [e for e in run.entities if e not in first])
            made_ahead.update(edge.path for node, _ in run.prepared["graph"].values()
                              if node.name == "cart" for edge in node.edges
                              if edge.ahead is not None)
        stage.analyse(run)
        return run, [(f.rule, f.message, f.file, f.line, f.column, f.path, f.severity,
                      f.fingerprint) for f in run.findings]

    made, with_ahead = findings(ahead=True)
    _, without = findings(ahead=False)
    assert with_ahead == without
    rules = {(rule, path) for rule, _, _, _, _, path, *_ in with_ahead}
    assert ("reference-typo", "spec.dependsOn[2]") in rules
    assert ("unresolved-reference", "spec.dependsOn[3]") in rules  # did you mean the component?
    assert not any(path in ("spec.owner", "spec.dependsOn[4]") for _, path in rules)
    # a plain one is the very finding made ahead
    node = next(e.graph_node for e in made.entities if e.name == "cart")
    assert node is not None
    edges = {edge.path: edge for edge in node.edges}
    plain = edges[("spec", "dependsOn", 0)].ahead  # resource:db, defined nowhere
    assert plain is not None and any(finding is plain[0] for finding in made.findings)
    assert edges[("spec", "dependsOn", 4)].ahead == (None,)  # suppressed, made ahead too
    # made, then answered by team-b (and let go), or a near miss
    assert {("spec", "owner"), ("spec", "dependsOn", 2)} <= made_ahead
    assert edges[("spec", "owner")].ahead is None


def test_a_build_shares_item_paths_and_declared_names_and_lets_go_of_used_positions(
        tmp_path: Path) -> None:
    """What every node would otherwise hold a copy of is one object per build: the path
    of the n-th item of a list, a list of declared relations. A position looked up
    ahead for a reference a later file answers is let go once it resolves."""
    from catalog_lint.graph.build import build

    other = SERVICE.replace("name: cart", "name: till")
    write(tmp_path, {"a/cart.yaml": SERVICE + "---\n" + other, "b/teams.yaml": TEAM})
    run = read(tmp_path, "a/cart.yaml", "b/teams.yaml")
    prepared: Prepared = {}
    seen: set[Key] = set()
    plans = Plans()
    prepare(run.entities[:2], prepared, plans, seen)  # the components, then the team
    prepare(run.entities[2:], prepared, plans, seen)
    graph, _ = build(run.entities, [], [], [], prepared)
    cart, till = (next(n for n in graph.nodes if n.key[3] == name) for name in ("cart", "till"))
    assert cart.declared == ("owner", "dependsOn") and cart.declared is till.declared
    cart_edges = {edge.path: edge for edge in cart.edges}
    till_edges = {edge.path: edge for edge in till.edges}
    path = ("spec", "dependsOn", 1)
    assert path in cart_edges and cart_edges[path].path is till_edges[path].path
    owner, cache = cart_edges[("spec", "owner")], cart_edges[path]
    assert owner.node is not None and owner.at is None  # looked up ahead, then answered
    assert cache.node is None and cache.at == (11, 7)  # unresolved: its position kept
