"""Run one item: build the service's environment, run the snippet, judge, record.

:mod:`environment` rebuilds a Nubonyxia service's environment for the run,
:mod:`execution` seeds the target and runs the variant's runner, :mod:`judging`
checks what must be true after the run, :mod:`shown_output` and :mod:`redaction`
clean what a page shows, :mod:`recording` writes the result to the store.
"""
