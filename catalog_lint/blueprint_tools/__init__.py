"""Tools for the people who write blueprints (``catalog-lint blueprints ...``):

- :mod:`.listing`: every blueprint in force, where it comes from and what it overrides;
- :mod:`.lint`: blueprint files checked (meta-schema, relation targets, scorecard paths);
- :mod:`.editor_schema`: JSON Schemas for editors and check-jsonschema;
- :mod:`.compat` and :mod:`.breakage`: what a change of blueprints breaks, and for whom;
- :mod:`.reference`: Markdown reference pages for catalog authors.
"""
