"""The lowest floor: what every other package uses and which imports nothing of nubodoc.

Errors, child processes, temporary folders, and the capabilities a target may have
(the vocabulary tasks and targets share).
"""
