"""The catalog graph: every entity a run loaded, indexed by key, and the references
between them resolved across files, dialects' own rules and (given exports) repositories.

- :mod:`.model`: nodes, edges and the keys entities are matched by;
- :mod:`.extract`: the references an entity declares, read through its blueprint's
  relations (Backstage fields, Port ``relations``), with the shape problems found on the way;
- :mod:`.build`: the index and the resolution (one dictionary look-up per reference);
- :mod:`.checks`: the graph rules (unresolved, wrong kind, duplicates, cycles, inverses);
- :mod:`.locations`: Backstage Location targets, followed inside the snapshot only;
- :mod:`.exchange`: the versioned JSON export, and loading exports (files or URLs);
- :mod:`.render`: Mermaid and Graphviz DOT;
- :mod:`.stage`: the pipeline stage that ties them together.
"""
