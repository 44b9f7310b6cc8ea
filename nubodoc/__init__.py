"""nubodoc: the tested user guide to data storage on Nubonyxia, and the kit behind it.

The package holds the snippet catalogue, one runner per language, the embedded
S3 sandbox, the pytest plugin, the Sphinx extension and a small CLI.
"""

__version__ = "0.1.0"
