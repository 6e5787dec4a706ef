"""nbval collects only the analysis notebooks at the top of notebooks/.

Report templates (notebooks/templates/) are parameterised papermill inputs without
outputs; they are rendered and tested by the report stage, never compared by nbval.
"""

collect_ignore_glob = ["templates/*", "templates/**/*", ".ipynb_checkpoints/*", "_*"]
