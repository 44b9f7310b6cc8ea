"""What each snippet printed on its last run, stored (:mod:`store`) and told (:mod:`status`).

Nothing here runs a snippet: :mod:`nubodoc.harness.recording` writes the results.
"""
