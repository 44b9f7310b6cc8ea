"""What looks like a credential in the built guide: detect-secrets set up for it
(:mod:`.scan`), with detectors of ours for what it misses (:mod:`.detectors`)."""
